/**
 * Progress on stderr for work over one second: a cli-progress bar with ETA where the budget is known (time
 * limit, sample count, epochs) and the command's status (best cut, cost, ...) beside it; on a pipe or file, one
 * plain line about every 5 s. Silenced by --quiet, and absent with --json unless stderr is a TTY (stdout
 * carries exactly one JSON object).
 */
import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  /** Seconds since the work started: nothing shows before one second. */
  seconds: number;
  /** Work done out of `total` (seconds of the time limit, samples, epochs); without it: no bar, no ETA. */
  done?: number;
  total?: number;
  /** What the command reports beside the bar ("best cut 11624  rounds 812"). */
  status: string;
}

const NON_TTY_INTERVAL_MS = 5000;

export class Progress {
  private bar: cliProgress.SingleBar | undefined;
  private stopped = false;

  constructor(
    private readonly label: string,
    private readonly enabled: boolean,
  ) {}

  update(p: ProgressUpdate): void {
    if (!this.enabled || this.stopped || p.seconds < 1) return;
    // Without a budget the bar is started "complete" (0 of 0) and its format shows neither bar nor ETA.
    const total = p.total ?? 0;
    const done = Math.min(p.done ?? 0, total);
    // Extrapolated from the start of the work, not of the bar (which appears at one second).
    const remaining = done > 0 ? formatSeconds(((total - done) * p.seconds) / done) : '?';
    const payload = { label: this.label, elapsed: p.seconds.toFixed(1), remaining, status: p.status };
    if (this.bar === undefined) {
      this.bar = newBar(p.total !== undefined);
      this.bar.start(total, done, payload);
    } else {
      this.bar.setTotal(total);
      this.bar.update(done, payload);
    }
  }

  /** Clears the bar (TTY) so the result prints on a clean line; later updates are ignored. Idempotent. */
  stop(): void {
    this.stopped = true;
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** 42s, 3m05s, 2h10m. */
function formatSeconds(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}

function newBar(withBudget: boolean): cliProgress.SingleBar {
  const tty = Boolean(process.stderr.isTTY);
  const format = tty
    ? withBudget
      ? '{label} [{bar}] {percentage}% ETA {remaining} | {status}'
      : '{label} {elapsed} s | {status}'
    : withBudget
      ? '{label}: {elapsed} s, {percentage}%, ETA {remaining}, {status}'
      : '{label}: {elapsed} s, {status}';
  return new cliProgress.SingleBar({
    stream: process.stderr,
    format,
    barsize: 24,
    fps: 5,
    clearOnComplete: true,
    noTTYOutput: true,
    notTTYSchedule: NON_TTY_INTERVAL_MS,
    hideCursor: false,
    gracefulExit: false,
  });
}
