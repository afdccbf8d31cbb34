// The test layout: jest projects unit (no services), integration (Redis) and slow, all run by
// `npm test`; `npm run test:unit` needs no Redis. Every spec file belongs to exactly one project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';

const ROOT = join(__dirname, '..');

interface Project {
  displayName: string;
  testMatch: string[];
  testPathIgnorePatterns?: string[];
  globalSetup?: string;
  setupFiles?: string[];
}

const config = require(join(ROOT, 'jest.config.js')) as { projects: Project[] };
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const project = (name: string): Project => {
  const found = config.projects.find((p) => p.displayName === name);
  if (!found) throw new Error(`no jest project named ${name}`);
  return found;
};

/** The spec files a project runs, relative to the root (what jest's testMatch and ignore patterns select). */
function filesOf(p: Project): string[] {
  const ignore = (p.testPathIgnorePatterns ?? []).map((re) => new RegExp(re.replace('<rootDir>', ROOT)));
  return globSync(p.testMatch.map((m) => m.replace('<rootDir>/', '')), { cwd: ROOT, absolute: true, ignore: ['**/node_modules/**'] })
    .filter((file) => !ignore.some((re) => re.test(file)))
    .map((file) => file.slice(ROOT.length + 1))
    .sort();
}

describe('the jest projects', () => {
  it('are unit, integration, slow and consumers', () => {
    expect(config.projects.map((p) => p.displayName)).toEqual(['unit', 'integration', 'slow', 'consumers']);
  });

  it('hold every spec file of the repository exactly once', () => {
    const all = globSync(['**/*.spec.ts'], { cwd: ROOT, ignore: ['**/node_modules/**', '**/dist/**'] }).sort();
    const owners = new Map<string, string[]>(all.map((file) => [file, []]));
    for (const p of config.projects) for (const file of filesOf(p)) owners.get(file)?.push(p.displayName);
    const misplaced = [...owners].filter(([, names]) => names.length !== 1).map(([file, names]) => `${file}: ${names.join(', ') || 'no project'}`);
    expect(misplaced).toEqual([]);
    expect(all.length).toBeGreaterThan(60);
  });

  it('put services and long runs out of the unit project', () => {
    const unit = filesOf(project('unit'));
    expect(unit.filter((file) => /\.(int|fuzz|slow)\.spec\.ts$/.test(file))).toEqual([]);
    expect(filesOf(project('integration')).every((file) => file.endsWith('.int.spec.ts'))).toBe(true);
    expect(filesOf(project('slow'))).toEqual(expect.arrayContaining(['packages/core/test/event.fuzz.spec.ts', 'test/chaos/chaos-short.slow.spec.ts']));
  });

  it('check Redis only where it is used: unit tests run against a closed port, with no Redis check', () => {
    expect(project('unit').globalSetup).toBeUndefined();
    expect(project('integration').globalSetup).toBe('<rootDir>/test/global-setup.js');
    expect(project('slow').globalSetup).toBe('<rootDir>/test/global-setup.js');
    const setup = project('unit').setupFiles?.map((f) => f.replace('<rootDir>', ROOT)) ?? [];
    const saved = process.env.REDIS_URL;
    try {
      for (const file of setup) require(file);
      expect(process.env.REDIS_URL).toBe('redis://127.0.0.1:1');
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });

  it('are run by npm test (all of them) and one by one by npm run test:<project>', () => {
    expect(scripts.test).toBe('npm run typecheck && jest');
    expect(scripts['test:unit']).toBe('jest --selectProjects unit');
    expect(scripts['test:integration']).toBe('jest --selectProjects integration');
    expect(scripts['test:slow']).toBe('jest --selectProjects slow');
  });
});
