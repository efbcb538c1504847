import { describe, expect, it } from 'vitest';
import { createProgress, ETA_MIN_TICKS } from './progress.js';

/** A progress reporter writing plain lines (every tick) to an array, on a clock the test moves. */
function fake() {
  const lines: string[] = [];
  let t = 0;
  const stream = { write: (s: string) => void lines.push(s.trimEnd()), isTTY: false };
  const p = createProgress({
    stream: stream as unknown as NodeJS.WritableStream,
    tty: false,
    intervalMs: 0,
    now: () => t,
  });
  const at = (ms: number) => {
    t = ms;
  };
  return { lines, p, at };
}

describe('progress', () => {
  it('gives no ETA before a few ticks, then one from the rate since the first tick (start-up excluded)', () => {
    const { lines, p, at } = fake();
    const bar = p.start('encode', 100, 'seq');
    // 10 s of start-up (graph build), then 10 items a second.
    at(10_000);
    bar.tick(1);
    expect(lines[0]).toBe('encode 1/100 seq (1%) 0.100 seq/s eta …');
    for (let i = 1; i <= ETA_MIN_TICKS; i++) {
      at(10_000 + 100 * i);
      bar.tick(1);
    }
    // Counting from t = 0 the rate would be 0.388/s and the ETA 4 minutes; since the first tick it is
    // 3 items in 0.3 s = 10/s, so 96 items left take 9.6 s.
    expect(lines[ETA_MIN_TICKS - 1]).toMatch(/eta …$/);
    expect(lines[ETA_MIN_TICKS]).toBe('encode 4/100 seq (4%) 0.388 seq/s eta 9.6s');
    at(20_000);
    bar.done();
    expect(lines.at(-1)).toBe('encode 4/100 seq (4%) 0.200 seq/s in 20.0s');
  });

  it('says eta 0.0s once every item is done', () => {
    const { lines, p, at } = fake();
    const bar = p.start('x', 2);
    at(1000);
    bar.tick(2);
    expect(lines[0]).toMatch(/2\/2 it \(100%\) .* eta 0\.0s$/);
  });
});
