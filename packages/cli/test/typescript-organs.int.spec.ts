// `.ts` organ modules: the documented recipe (node -r @swc/register, with the .swcrc of
// docs/operations.md) runs them; without a loader, without the .swcrc, or without decorator
// metadata, `necro` says what is wrong and how to fix it, readably.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, killStarted, startNecro, type Result } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

/** The .swcrc docs/operations.md gives, as written there. */
function documentedSwcrc(): string {
  const docs = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
  const section = docs.split(/^### /m).find((part) => part.startsWith('TypeScript without a build\n'));
  const block = section === undefined ? null : /```json\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('docs/operations.md needs a ```json block (the .swcrc) under "### TypeScript without a build"');
  return block[1];
}

const ORGAN = `import { Event, ListensTo, Organ } from '@necrostack/core';

class Greetings {
  hello(name: string): string {
    return \`hello \${name}\`;
  }
}

@Organ()
@ListensTo('GREET')
export class Greeter {
  constructor(private readonly greetings: Greetings) {}

  handle(event: Event<{ name: string }>): void {
    console.log(this.greetings.hello(event.payload.name));
  }
}
`;

describe('necro worker with TypeScript organ modules', () => {
  let app: string;
  beforeAll(assertBuilt);
  beforeEach(() => {
    app = mkdtempSync(join(tmpdir(), 'necro-ts-app-'));
    mkdirSync(join(app, 'src', 'organs'), { recursive: true });
    writeFileSync(join(app, 'src', 'organs', 'greeter.organ.ts'), ORGAN);
  });
  afterEach(async () => {
    await killStarted();
    rmSync(app, { recursive: true, force: true });
  });

  // The app resolves @necrostack/core and @swc/register from this repository's node_modules.
  const run = (nodeArgs: string[]) => startNecro(['worker', '--organs', 'src/organs/*.ts', '--backend', 'memory'], {
    cwd: app, nodeArgs, env: { NODE_PATH: join(ROOT, 'node_modules') },
  });
  const failure = async (nodeArgs: string[]): Promise<{ result: Result; lines: string[] }> => {
    const result = await run(nodeArgs).waitExit();
    expect(result.code).toBe(1);
    return { result, lines: result.stderr.trimEnd().split('\n') };
  };

  it('runs them with node -r @swc/register and the .swcrc of docs/operations.md, dependencies injected', async () => {
    writeFileSync(join(app, '.swcrc'), documentedSwcrc());
    const worker = run(['-r', '@swc/register']);
    await worker.waitForOutput(/"message":"Spine started".*"subscriptions":\["Greeter"\]/);
    expect((await worker.stop()).code).toBe(0);
  });

  it('are documented in necro worker --help, with the .swcrc they need', async () => {
    const help = await startNecro(['worker', '--help']).waitExit();
    expect(help.stdout).toContain("node -r @swc/register node_modules/.bin/necro worker --organs 'src/organs/*.ts'");
    expect(help.stdout).toMatch(/needs @swc\/register and a \.swcrc with TypeScript syntax, legacy\s+# decorators and decoratorMetadata \(docs\/operations\.md#typescript-without-a-build\)/);
  });

  it('says a .ts file needs a TypeScript loader when none is registered', async () => {
    const { lines } = await failure([]);
    expect(lines[0]).toMatch(/^necro: Could not load organ module .*greeter\.organ\.ts: /);
    expect(lines.join('\n')).toMatch(/is TypeScript, and no TypeScript loader is registered/);
    expect(lines.join('\n')).toContain('node -r @swc/register');
    expect(lines.join('\n')).toContain('docs/operations.md#typescript-without-a-build');
  });

  it('prints SWC\'s error on its own lines, without the native backtrace, and names the missing .swcrc', async () => {
    const { result, lines } = await failure(['-r', '@swc/register']);
    expect(lines[0]).toMatch(/^necro: Could not load organ module .*greeter\.organ\.ts$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}.*Expression expected$/));
    expect(lines).toContainEqual(expect.stringMatching(/@Organ\(\)/)); // the code frame
    expect(result.stderr).not.toMatch(/Stack backtrace|v8impl|_ZN/);
    expect(lines[lines.length - 1]).toMatch(/^ {2}help: .*\.swcrc.*"syntax": "typescript".*"legacyDecorator": true.*"decoratorMetadata": true/);
  });

  it('explains an organ compiled without decorator metadata (as tsx and esbuild compile)', async () => {
    writeFileSync(join(app, '.swcrc'), documentedSwcrc().replace('"decoratorMetadata": true', '"decoratorMetadata": false'));
    const { lines } = await failure(['-r', '@swc/register']);
    expect(lines[0]).toMatch(/^necro: Could not build the Spine from the organ modules: Invalid option organs: organ Greeter cannot be built: its constructor takes 1 parameter\(s\) but has no type metadata/);
    expect(lines.join('\n')).toMatch(/"emitDecoratorMetadata": true/);
  });
});
