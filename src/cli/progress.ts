/**
 * Progress on stderr for work over one second: rewritten in place on a TTY, one line per second otherwise.
 * Silenced by --quiet, and absent with --json unless stderr is a TTY (stdout carries exactly one JSON object).
 */
export class Progress {
  private lastPrint = 0;
  private printed = false;
  private readonly enabled: boolean;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(opts: { json: boolean; quiet: boolean }) {
    this.enabled = !opts.quiet && (!opts.json || this.tty);
  }

  update(seconds: number, text: string): void {
    if (!this.enabled || seconds < 1) return;
    if (this.tty) {
      process.stderr.write(`\r${text}\x1b[K`);
      this.printed = true;
    } else if (seconds - this.lastPrint >= 1) {
      this.lastPrint = seconds;
      process.stderr.write(text + '\n');
    }
  }

  done(): void {
    if (this.printed) process.stderr.write('\n');
    this.printed = false;
  }
}
