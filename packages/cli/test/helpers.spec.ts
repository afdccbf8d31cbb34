import { spawn } from 'node:child_process';
import { Necro } from './helpers';

// A child's 'exit' event may come before its stdout is drained (so `necro --help` once gave an
// empty stdout); the helper resolves on 'close', when stdout and stderr have ended. The race itself
// is rare; a process that leaves its output open after it exits makes the difference certain.
describe('the process helper', () => {
  it('resolves with everything printed, once stdout and stderr are closed rather than at exit', async () => {
    const late = "setTimeout(() => { process.stdout.write('late out'); process.stderr.write('late err'); }, 300)";
    const script = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(late)}], { stdio: ['ignore', 'inherit', 'inherit'] });`
      + "process.stdout.write('early out;'); process.exit(0);";
    const result = await new Necro(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })).waitExit();

    expect(result).toMatchObject({ code: 0, stdout: 'early out;late out', stderr: 'late err' });
  });
});
