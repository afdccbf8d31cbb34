// Runs the code blocks of the READMEs and docs as they are: type-checked against the real packages
// (the repository's tsconfig.json), then executed, with what they print captured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import * as ts from 'typescript';

export const ROOT = join(__dirname, '..', '..', '..');
const VIRTUAL_FILE = join(__dirname, '__doc-snippet__.ts');

/** The first ```ts block of the `## <section>` section of a Markdown file (path relative to the repository). */
export function codeBlock(readmePath: string, section: string): string {
  const readme = readFileSync(join(ROOT, readmePath), 'utf8');
  const part = readme.split(/^## /m).find((text) => text.startsWith(`${section}\n`));
  const block = part === undefined ? null : /```ts\n([\s\S]*?)```/.exec(part);
  if (!block?.[1]) throw new Error(`${readmePath} needs a \`\`\`ts code block under "## ${section}"`);
  return block[1];
}

let previousProgram: ts.Program | undefined;

/** Type errors of `code` compiled as a file of this folder, with the repository's tsconfig.json. */
export function typeErrors(code: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  if (!parsed) throw new Error('cannot read tsconfig.json');
  const host = ts.createCompilerHost(parsed.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === VIRTUAL_FILE ? ts.createSourceFile(name, code, language) : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === VIRTUAL_FILE || fileExists.call(host, name);
  host.readFile = (name) => (name === VIRTUAL_FILE ? code : readFile.call(host, name));
  const program = ts.createProgram([VIRTUAL_FILE], parsed.options, host, previousProgram);
  previousProgram = program;
  const source = program.getSourceFile(VIRTUAL_FILE);
  if (!source) throw new Error('the snippet was not compiled');
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const line = d.start === undefined ? '?' : source.getLineAndCharacterOfPosition(d.start).line + 1;
    return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Runs a README snippet as CommonJS with this test's `require`, and resolves when its main() has. */
export async function runSnippet(code: string): Promise<void> {
  const awaited = code.replace(/^main\(\);$/m, 'exports.done = main();');
  if (awaited === code) throw new Error('a README snippet must end with a `main();` line');
  const { code: js } = transformSync(awaited, {
    filename: 'readme-snippet.ts',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  });
  const module = { exports: {} as { done?: Promise<void> } };
  new Function('require', 'module', 'exports', js)(require, module, module.exports);
  await module.exports.done;
}

/** Captures what `fn` prints with console.log, and the JSON log lines written to stdout. */
export async function capture(fn: () => Promise<void>): Promise<{ printed: string[]; logLines: Record<string, unknown>[] }> {
  const printed: string[] = [];
  const logLines: Record<string, unknown>[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  });
  // The Spine's JSON log lines go to stdout: winston writes to `console._stdout`, which is
  // process.stdout when jest runs in band and a stand-in in jest's workers. Keep them out of the
  // test output, and let the tests look at them.
  type Sink = { write(chunk: string | Uint8Array, ...rest: unknown[]): boolean };
  const sinks = new Set<Sink>([process.stdout]);
  const consoleStdout = (console as unknown as { _stdout?: Sink })._stdout;
  if (consoleStdout) sinks.add(consoleStdout);
  const spies = [...sinks].map((sink) => jest.spyOn(sink, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) logLines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  }));
  try {
    await fn();
  } finally {
    log.mockRestore();
    for (const spy of spies) spy.mockRestore();
  }
  return { printed, logLines };
}

/**
 * Registers the tests of one documented example: the first ```ts block under `## <section>` of
 * `file` type-checks against the real packages, and running it prints exactly `printed`.
 */
export function describeExample(file: string, section: string, printed: readonly string[]): void {
  describe(`${file}: ${section}`, () => {
    const code = codeBlock(file, section);

    it('type-checks against the real packages', () => {
      expect(typeErrors(code)).toEqual([]);
    });

    it('prints what the page says', async () => {
      expect((await capture(() => runSnippet(code))).printed).toEqual(printed);
    });
  });
}
