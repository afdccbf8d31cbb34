import { clock } from './format';

const BAR_WIDTH = 24;

/**
 * One progress line on stderr: `[#####-----] 12/48 0:42 group · round 2/3 · scenario`. On a TTY it is
 * redrawn in place and cleared while tables print; otherwise each step is a plain line.
 */
export class Progress {
  private done = 0;
  private line = '';
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Starts step `done + 1` of `total`. */
  step(group: string, round: string, scenario: string): void {
    this.done = Math.min(this.total, this.done + 1);
    this.line = render(this.done, this.total, (Date.now() - this.started) / 1000, [group, round, scenario]);
    this.draw();
  }

  /** Prints `text` on stdout without tearing the bar. */
  print(text: string): void {
    this.clear();
    process.stdout.write(`${text}\n`);
    if (this.stream.isTTY) this.draw();
  }

  clear(): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
  }

  private draw(): void {
    if (!this.line) return;
    const columns = this.stream.columns ?? 120;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[K${[...this.line].slice(0, columns - 1).join('')}`);
    else this.stream.write(`${this.line}\n`);
  }
}

/** The progress line for step `done` of `total` (pure, for the tests). */
export function render(done: number, total: number, elapsedSeconds: number, parts: readonly string[]): string {
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : 0;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  return `${bar} ${done}/${total} ${clock(elapsedSeconds)}  ${parts.filter(Boolean).join(' · ')}`;
}
