import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { DataConfig } from '@hbt/core';
import type { DatasetEntry } from '@hbt/data-prep';
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { handle } from '../handle.js';

/**
 * Fill `data.mirror` and `data.cache` from the environment when the config leaves them null:
 * HBT_DATA_MIRROR and HBT_CACHE (default ~/.cache/hbt), made absolute against the working directory.
 * The stages never read the environment; this is the one place that does for data.
 */
export async function dataLocations(
  data: DataConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DataConfig> {
  const { defaultCacheRoot } = await import('@hbt/data-prep');
  const abs = (p: string) => (isAbsolute(p) || /^https?:\/\//.test(p) ? p : resolve(p));
  const mirror = data.mirror ?? (env.HBT_DATA_MIRROR ? abs(env.HBT_DATA_MIRROR) : null);
  const cache = data.cache ?? abs(defaultCacheRoot(env, homedir()));
  return { ...data, mirror, cache };
}

interface FetchArgs {
  names: string[];
  mirror?: string;
  cache?: string;
  force: boolean;
  quiet: boolean;
  json: boolean;
}

async function listDatasets(argv: { json: boolean }): Promise<void> {
  const { FORMATS, REGISTRY } = await import('@hbt/data-prep');
  if (argv.json) {
    process.stdout.write(`${JSON.stringify(REGISTRY, null, 2)}\n`);
    return;
  }
  // Long language lists are counted here; `--json` and the notes below the table carry them in full.
  const langs = (l: readonly string[]) =>
    l.length === 0 ? '-' : l.length > 12 ? `${l.length} (see --json)` : `${l.length}: ${l.join(' ')}`;
  const rows = REGISTRY.map((d) => [
    d.name,
    d.format === null ? '- (no reader)' : `${d.format} (${FORMATS[d.format].task ?? 'train only'})`,
    langs(d.languages),
    String(d.files.length),
    mb(d),
    d.licence.split(':')[0]!,
  ]);
  const head = ['NAME', 'FORMAT (TASK)', 'LANGUAGES', 'FILES', 'SIZE', 'LICENCE'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(width[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...rows.map(line), ''];
  for (const d of REGISTRY) out.push(`${d.name}: ${d.title}. ${d.notes} Source: ${d.source}.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function mb(d: DatasetEntry): string {
  const bytes = d.files.reduce((n, f) => n + f.bytes, 0);
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

async function fetchDatasets(argv: FetchArgs): Promise<void> {
  const { createLogger, createProgress, silentProgress } = await import('@hbt/core');
  const { defaultCacheRoot, fetchDataset, getDataset, REGISTRY } = await import('@hbt/data-prep');
  const names = argv.names.includes('all') ? REGISTRY.map((d) => d.name) : argv.names;
  const entries = names.map((n) => getDataset(n));
  const env = process.env;
  const mirrorArg = argv.mirror ?? (env.HBT_DATA_MIRROR || undefined);
  const mirror =
    mirrorArg === undefined ? null : /^https?:\/\//.test(mirrorArg) ? mirrorArg : resolve(mirrorArg);
  const cache = resolve(argv.cache ?? defaultCacheRoot(env, homedir()));
  const log = createLogger({ quiet: argv.quiet });
  const progress = argv.quiet ? silentProgress : createProgress();
  const out = [];
  for (const e of entries) {
    const r = await fetchDataset(e, { cache, mirror, force: argv.force, progress, log });
    const by = (s: string) => r.files.filter((f) => f.status === s).length;
    const counts = { downloaded: by('downloaded'), copied: by('copied'), cached: by('cached') };
    out.push({ name: e.name, dir: r.dir, files: r.files.length, ...counts });
    if (argv.json) continue;
    process.stdout.write(
      `${e.name}: ${r.files.length} files verified (${counts.downloaded} downloaded, ${counts.copied} copied, ${counts.cached} already cached) in ${r.dir}\n`,
    );
  }
  if (argv.json) process.stdout.write(`${JSON.stringify({ command: 'data fetch', datasets: out })}\n`);
}

export const dataCommand: CommandModule = {
  command: 'data <action>',
  describe: describeCommand('data'),
  builder: (y) =>
    y
      .command({
        command: 'list',
        describe:
          'List registered datasets (name, reader format and its evaluation task, languages, files, size, licence; NON-COMMERCIAL licences say so)',
        builder: (yy: Argv) =>
          yy.option('json', { type: 'boolean', default: false, describe: 'Print the registry as JSON' }),
        handler: handle(listDatasets as (a: unknown) => Promise<void>),
      })
      .command({
        command: 'fetch <names..>',
        describe:
          'Download datasets into the cache ($HBT_CACHE, default ~/.cache/hbt), or copy them from a mirror; every file is checked against its sha256',
        builder: (yy: Argv) =>
          yy
            .positional('names', {
              type: 'string',
              array: true,
              describe: 'Registry names (hbt data list), or "all"',
            })
            .option('mirror', {
              type: 'string',
              describe:
                'Copy from a folder laid out like ../shared/data (or an http(s) URL of one) [env HBT_DATA_MIRROR]',
            })
            .option('cache', { type: 'string', describe: 'Cache root [env HBT_CACHE, default ~/.cache/hbt]' })
            .option('force', { type: 'boolean', default: false, describe: 'Fetch again even when cached' })
            .option('quiet', {
              alias: 'q',
              type: 'boolean',
              default: false,
              describe: 'Print only the summary',
            })
            .option('json', {
              type: 'boolean',
              default: false,
              describe: 'Print the summary as one JSON object on stdout',
            }),
        handler: handle(fetchDatasets as (a: unknown) => Promise<void>),
      })
      .demandCommand(1),
  handler: () => {},
};
