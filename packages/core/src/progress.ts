/**
 * Progress on long work. On a TTY a one-line bar redrawn in place (at most 10 times a second); otherwise
 * plain lines at most every `intervalMs` (default 10 s) plus a final line, so CI logs stay readable.
 *
 * The ETA is measured from the first tick on (work before it — loading, building a graph — says
 * nothing about the rate), and shown only after {@link ETA_MIN_TICKS} more ticks: until then it reads
 * `eta …` rather than a guess.
 *
 * @example
 * const bar = progress.start('encode corpus', 13014, 'seq');
 * for (…) bar.tick(128, { loss: 0.3 });
 * bar.done();
 */
export interface ProgressReporter {
  start(label: string, total: number, unit?: string): ProgressBar;
}

export interface ProgressBar {
  tick(n?: number, info?: Record<string, number | string>): void;
  done(info?: Record<string, number | string>): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  tty?: boolean;
  intervalMs?: number;
  now?: () => number;
}

/** Ticks after the first before an ETA is shown. */
export const ETA_MIN_TICKS = 3;

export function createProgress(opts: ProgressOptions = {}): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? Boolean((stream as { isTTY?: boolean }).isTTY);
  const interval = opts.intervalMs ?? (tty ? 100 : 10_000);
  const now = opts.now ?? (() => performance.now());
  return {
    start(label, total, unit = 'it') {
      const t0 = now();
      let done = 0;
      let ticks = 0;
      let first: { t: number; done: number } | null = null;
      let last = -Infinity;
      let info: Record<string, number | string> = {};
      const line = (final: boolean) => {
        const el = (now() - t0) / 1000;
        const rate = el > 0 ? done / el : 0;
        const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
        const t = now();
        const since = first !== null ? (t - first.t) / 1000 : 0;
        const etaRate = first !== null && since > 0 ? (done - first.done) / since : 0;
        const eta =
          total <= done
            ? '0.0s'
            : ticks > ETA_MIN_TICKS && etaRate > 0
              ? fmtTime((total - done) / etaRate)
              : '…';
        const extras = Object.entries(info)
          .map(([k, v]) => `${k}=${typeof v === 'number' ? fmtNum(v) : v}`)
          .join(' ');
        const head = `${label} ${done}/${total} ${unit} (${pct.toFixed(0)}%) ${fmtNum(rate)} ${unit}/s`;
        const tail = final ? ` in ${fmtTime(el)}` : ` eta ${eta}`;
        if (tty) {
          const width = 24;
          const filled = Math.round((width * pct) / 100);
          const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
          stream.write(`\r\x1b[2K${bar} ${head}${tail} ${extras}${final ? '\n' : ''}`);
        } else {
          stream.write(`${head}${tail}${extras ? ` ${extras}` : ''}\n`);
        }
      };
      return {
        tick(n = 1, extra) {
          done += n;
          ticks++;
          if (extra) info = { ...info, ...extra };
          const t = now();
          if (first === null) first = { t, done };
          if (t - last >= interval) {
            last = t;
            line(false);
          }
        },
        done(extra) {
          if (extra) info = { ...info, ...extra };
          line(true);
        },
      };
    },
  };
}

/** A reporter that prints nothing (tests, library use). */
export const silentProgress: ProgressReporter = {
  start: () => ({ tick() {}, done() {} }),
};

function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

function fmtTime(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}
