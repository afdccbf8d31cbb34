/**
 * The "Examples" section appended to a command's `--help`.
 *
 * @example
 * ```ts
 * command.addHelpText('after', examples(['necro status --json']));
 * ```
 */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => (line === '' ? '' : `  ${line}`)).join('\n')}\n`;
}
