/**
 * One command's run: its progress displays and its Ctrl-C handling. The first SIGINT aborts the signal the
 * command passed to the library (the native loop returns its best so far with stopped: "aborted") and the
 * command prints its normal output; the process then exits 130. A second SIGINT exits 130 at once.
 */
import { Progress } from './progress.ts';
import type { RunContext } from './args.ts';

export const INTERRUPTED_EXIT_CODE = 130;

export class Session implements RunContext {
  private readonly bars: Progress[] = [];
  private controller: AbortController | undefined;
  private readonly onSigint = () => {
    if (this.controller?.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    this.stopProgress();
    if (!this.quiet) process.stderr.write('ebm: interrupted, finishing with the best so far (Ctrl-C again to quit)\n');
    this.controller?.abort();
  };

  constructor(
    private readonly json: boolean,
    private readonly quiet: boolean,
  ) {}

  progress(label: string): Progress {
    // stdout carries exactly one JSON object with --json: progress then only where a person watches stderr.
    const bar = new Progress(label, !this.quiet && (!this.json || Boolean(process.stderr.isTTY)));
    this.bars.push(bar);
    return bar;
  }

  interruptSignal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      process.on('SIGINT', this.onSigint);
    }
    return this.controller.signal;
  }

  get interrupted(): boolean {
    return this.controller?.signal.aborted ?? false;
  }

  /** After the run, before its output: bars cleared, SIGINT back to Node's default. */
  close(): void {
    this.stopProgress();
    process.off('SIGINT', this.onSigint);
  }

  private stopProgress(): void {
    for (const bar of this.bars) bar.stop();
  }
}
