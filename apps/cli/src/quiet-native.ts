import { spawn } from 'node:child_process';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * `-q` silences TensorFlow's start-up notices too. libtensorflow writes them to file descriptor 2 from
 * C++ before it reads `TF_CPP_MIN_LOG_LEVEL` (the oneDNN notice, the CPU-instructions notice, absl's
 * "before InitializeLog" warning), so no setting hides them and Node cannot redirect a descriptor. Under
 * `-q`, a command that may load the native backend therefore runs as a child process whose standard
 * error passes through {@link TfNoticeFilter}: those INFO notices are dropped, everything else (hbt's
 * warnings and errors, TensorFlow's own warnings and errors) passes unchanged. Exit code and signals are
 * the child's.
 */

/** Commands that may load the native TensorFlow backend. */
const NATIVE_COMMANDS = new Set(['teacher', 'train', 'index', 'embed', 'run']);

/** The environment variable that marks the filtered child (so it does not spawn again). */
export const FILTERED_ENV = 'HBT_STDERR_FILTERED';

const NOTICES = [
  // absl's log prefix at INFO: "I0000 00:00:1796598902.402647   14342 cpu_feature_guard.cc:227] …"
  /^I\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w.-]+:\d+\] /,
  /^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/,
  // The second line of cpu_feature_guard's notice.
  /^To enable the following instructions: .*rebuild TensorFlow with the appropriate compiler flags\.$/,
];

/** True for a line (without its newline) that is one of TensorFlow's start-up INFO notices. */
export function isTfNotice(line: string): boolean {
  return NOTICES.some((r) => r.test(line));
}

/** Whether this command line should run filtered: `-q`/`--quiet` on a command that may load TensorFlow. */
export function wantsFilter(args: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[FILTERED_ENV] === '1') return false;
  const command = args.find((a) => !a.startsWith('-'));
  if (command === undefined || !NATIVE_COMMANDS.has(command)) return false;
  return args.some((a) => a === '-q' || a === '--quiet' || (/^-[a-zA-Z]+$/.test(a) && a.includes('q')));
}

/** A line filter for standard error: drops {@link isTfNotice} lines, passes the rest byte for byte. */
export class TfNoticeFilter extends Transform {
  private rest = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = Buffer.concat([this.rest, chunk]);
    let nl = buf.indexOf(10);
    while (nl !== -1) {
      const line = buf.subarray(0, nl + 1);
      if (!isTfNotice(line.toString('utf8', 0, nl).replace(/\r$/, ''))) this.push(line);
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(10);
    }
    this.rest = Buffer.from(buf);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.rest.length > 0 && !isTfNotice(this.rest.toString('utf8'))) this.push(this.rest);
    done();
  }
}

/**
 * Run `bin` again with `args` as a child whose standard error is filtered; resolves with the exit code
 * to use (a child killed by a signal is re-raised on this process).
 */
export function runFiltered(bin: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, bin, ...args], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...process.env, [FILTERED_ENV]: '1' },
  });
  child.stderr.pipe(new TfNoticeFilter()).pipe(process.stderr);
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (signal !== null) {
        process.kill(process.pid, signal);
        resolve(1);
      } else resolve(code ?? 1);
    });
  });
}
