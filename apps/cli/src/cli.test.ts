import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs, { type Argv } from 'yargs';
import { type AnyCommand, COMMANDS, type CommandName } from './catalog.js';
import { buildCli } from './cli.js';

// The command line as a whole: one meaning per short flag in every command, commands loaded only when
// they run (so `hbt --help` loads none), and usage errors that point at the command's own help.
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
});

/** Every (sub)command's options: long name → its one-letter aliases. */
async function shortFlags(): Promise<Array<{ where: string; long: string; short: string }>> {
  const out: Array<{ where: string; long: string; short: string }> = [];
  const visit = (where: string, builder: AnyCommand['builder']) => {
    const y = yargs([]);
    if (typeof builder === 'function') (builder as (y: Argv) => unknown)(y);
    // biome-ignore lint/suspicious/noExplicitAny: yargs' option table is not in its types
    const aliases = (y as any).getOptions().alias as Record<string, string[]>;
    for (const [long, as] of Object.entries(aliases)) {
      for (const a of as) if (a.length === 1) out.push({ where, long, short: a });
    }
    // biome-ignore lint/suspicious/noExplicitAny: yargs' internal command table (sub-commands)
    const handlers = (y as any).getInternalMethods().getCommandInstance().getCommandHandlers();
    for (const [name, h] of Object.entries(handlers as Record<string, { builder: AnyCommand['builder'] }>)) {
      visit(`${where} ${name}`, h.builder);
    }
  };
  for (const name of Object.keys(COMMANDS) as CommandName[])
    visit(name, (await COMMANDS[name].load()).builder);
  return out;
}

describe('hbt command line', () => {
  it('gives each short flag one meaning across all commands', async () => {
    const flags = await shortFlags();
    const meaning = new Map<string, Set<string>>();
    for (const f of flags) meaning.set(f.short, (meaning.get(f.short) ?? new Set()).add(f.long));
    for (const [short, longs] of meaning) expect([...longs], `-${short}`).toHaveLength(1);
    expect([...meaning.get('q')!]).toEqual(['quiet']);
    expect([...meaning.get('c')!]).toEqual(['config']);
    // evaluate keeps trec_eval's long names without the clashing letters.
    expect(flags.filter((f) => f.where === 'evaluate').map((f) => f.long)).not.toContain('per-query');
  });

  it('loads only the command it runs; --help and --version load none', async () => {
    const spies = Object.fromEntries(
      (Object.keys(COMMANDS) as CommandName[]).map((n) => [n, vi.spyOn(COMMANDS[n], 'load')]),
    );
    await buildCli(['--help']);
    for (const s of Object.values(spies)) expect(s).not.toHaveBeenCalled();
    await buildCli(['eval', '--help']);
    expect(spies.eval).toHaveBeenCalledTimes(1);
    expect(spies.train).not.toHaveBeenCalled();
  });

  it('command modules import heavy packages only inside their handlers', () => {
    const dir = join(new URL('.', import.meta.url).pathname, 'commands');
    const light =
      /^(node:|yargs$|@hbt\/core\/(errors|config-schema|version)$|@hbt\/evaluator\/export-depth$|\.\.?\/)/;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/^import (?!type )[^;]*?from '([^']+)';/gms)) {
        expect(light.test(m[1]!), `${f} imports ${m[1]} at load time`).toBe(true);
      }
    }
  });

  it('points a usage error at the command’s own help', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      err += String(s);
      return true;
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      await (await buildCli(['evaluate', '--qrels', 'q', '--run', 'r', '--bogus'])).parseAsync();
    } catch {
      // yargs may go on after the (mocked) exit; only the message and the code matter here
    }
    expect(exit).toHaveBeenCalledWith(2);
    expect(err).toMatch(/hbt: error: Unknown argument: bogus\n\(see hbt evaluate --help\)/);
  });
});
