import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { EVALUATE_OPTIONS } from './commands/evaluate.js';
import { type PlainOption, parsePlainArgs } from './plain-args.js';

// parsePlainArgs against yargs itself, with hbt evaluate's options: whatever command line it reads, it
// reads as yargs does; anything else it leaves to yargs (null).
const SPEC: Record<string, PlainOption> = EVALUATE_OPTIONS;

function viaYargs(args: string[]): Record<string, unknown> {
  const argv = yargs(args.slice(1))
    .options(SPEC as never)
    .strict()
    .exitProcess(false)
    .fail((msg) => {
      throw new Error(msg);
    })
    .parseSync() as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(SPEC)) if (argv[k] !== undefined) out[k] = argv[k];
  return out;
}

const value = fc.constantFrom('q.txt', 'run file.txt', 'x=y', 'AP,P@10', '10', '007', 'true', 'ü.gz', '');
const spelled = (key: string, o: PlainOption): fc.Arbitrary<string[]> => {
  const names = [`--${key}`, ...(typeof o.alias === 'string' ? [`-${o.alias}`] : [])];
  if (o.type === 'boolean') return fc.constantFrom(...names).map((n) => [n]);
  const v = o.type === 'number' ? fc.constantFrom('0', '5', '100', '007') : value;
  return fc
    .tuple(fc.constantFrom(...names), v, fc.boolean())
    .map(([n, x, eq]) =>
      eq && n.startsWith('--')
        ? [`${n}=${x}`]
        : x === ''
          ? [`${n}=`].filter(() => n.startsWith('--'))
          : [n, x],
    );
};
const plainLine = fc
  .shuffledSubarray(Object.keys(SPEC), { minLength: 0 })
  .chain((keys) =>
    keys.length === 0 ? fc.constant([] as string[][]) : fc.tuple(...keys.map((k) => spelled(k, SPEC[k]!))),
  )
  .map((parts) => ['evaluate', ...parts.flat()]);

describe('parsePlainArgs', () => {
  it('reads plain command lines exactly as yargs does', () => {
    let read = 0;
    fc.assert(
      fc.property(plainLine, (args) => {
        const fast = parsePlainArgs(args, 'evaluate', SPEC);
        if (fast === null) return;
        read++;
        expect(fast).toEqual(viaYargs(args));
      }),
      { numRuns: 400, seed: 7 },
    );
    expect(read).toBeGreaterThan(50); // the property is not vacuous
  });

  it('reads the usual command lines', () => {
    expect(
      parsePlainArgs(
        ['evaluate', '--qrels', 'q', '--run=-', '-m', 'AP', '-M', '10', '--json'],
        'evaluate',
        SPEC,
      ),
    ).toEqual({
      qrels: 'q',
      run: '-',
      measures: 'AP',
      'max-results': 10,
      json: true,
      'per-query': false,
      complete: false,
      'trec-names': false,
      quiet: false,
    });
  });

  it('leaves everything else to yargs', () => {
    const base = ['evaluate', '--qrels', 'q', '--run', 'r'];
    for (const extra of [
      ['--help'],
      ['-h'],
      ['--version'],
      ['--nope'],
      ['positional'],
      ['--'],
      ['--no-json'],
      ['--json=true'],
      ['--json', '--json'],
      ['--run', 'again'],
      ['-M', '1.5'],
      ['-M', '-3'],
      ['-M'],
      ['-m', '-x'],
      ['--maxResults', '3'],
      ['-jM', '3'],
    ]) {
      expect(parsePlainArgs([...base, ...extra], 'evaluate', SPEC), extra.join(' ')).toBeNull();
    }
    expect(parsePlainArgs(['evaluate', '--qrels', 'q'], 'evaluate', SPEC)).toBeNull(); // --run missing
    expect(parsePlainArgs(['eval', '--qrels', 'q', '--run', 'r'], 'evaluate', SPEC)).toBeNull();
  });
});
