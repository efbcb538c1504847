/**
 * A command's arguments read without yargs, for the commands run in loops where start-up is most of the
 * time (`hbt evaluate`: yargs costs about 0.1 s of CPU to load and to render the help it caches before
 * every handler). Only plain command lines are read here — `--name value`, `--name=value`, a
 * one-letter alias `-x value`, a boolean flag, each option at most once, every required option given;
 * anything else (help, version, an unknown or repeated option, `--no-x`, `-abc`, a positional, `--`, a
 * number that is not a plain integer) returns null, and the caller hands the command line to yargs,
 * which parses, validates and reports it as for every command. For the command lines read here the
 * result equals yargs' (a property test checks it), for the options the spec names.
 *
 * @example
 * parsePlainArgs(['evaluate', '--run', 'r.txt', '-M', '5'], 'evaluate', {
 *   run: { type: 'string', demandOption: true },
 *   'max-results': { alias: 'M', type: 'number' },
 *   json: { type: 'boolean', default: false },
 * }); // { run: 'r.txt', 'max-results': 5, json: false }
 */

/** The part of a yargs option spec that plain parsing reads. */
export interface PlainOption {
  type: 'string' | 'boolean' | 'number';
  alias?: string | readonly string[];
  default?: unknown;
  demandOption?: boolean | string;
}

export function parsePlainArgs(
  args: readonly string[],
  command: string,
  spec: Readonly<Record<string, PlainOption>>,
): Record<string, unknown> | null {
  if (args[0] !== command) return null;
  const byName = new Map<string, string>();
  for (const [key, o] of Object.entries(spec)) {
    byName.set(`--${key}`, key);
    for (const a of typeof o.alias === 'string' ? [o.alias] : (o.alias ?? [])) {
      byName.set(a.length === 1 ? `-${a}` : `--${a}`, key);
    }
  }
  const out: Record<string, unknown> = {};
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const key = byName.get(eq === -1 ? arg : arg.slice(0, eq));
    if (key === undefined || key in out) return null;
    const type = spec[key]!.type;
    if (type === 'boolean') {
      if (eq !== -1) return null;
      out[key] = true;
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('-')) return null;
      value = next;
      i++;
    }
    if (type === 'number') {
      if (!/^[0-9]{1,15}$/.test(value)) return null;
      out[key] = Number(value);
    } else out[key] = value;
  }
  for (const [key, o] of Object.entries(spec)) {
    if (key in out) continue;
    if (o.demandOption) return null;
    if (o.default !== undefined) out[key] = o.default;
  }
  return out;
}

/**
 * `--run -` as `--run=-`: yargs takes a lone `-` for a positional argument, but after an option it is
 * that option's value (standard input, as in `… | hbt evaluate --qrels q.txt --run -`).
 */
export function dashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const prev = out[out.length - 1];
    if (a === '-' && prev !== undefined && /^--[^=]+$/.test(prev)) out[out.length - 1] = `${prev}=-`;
    else out.push(a);
  }
  return out;
}
