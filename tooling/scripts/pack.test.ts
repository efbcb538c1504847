// The pack and install dry run (tooling/scripts/pack-check.mjs) as part of the test command, so CI
// (`.ci/run` → test.sh) runs it: every package packed with `pnpm pack`, installed from its tarball into an
// empty folder, and its README examples run there. Slow (about 15 s of CPU); needs the build, as CI has.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url).pathname;
/** Every package of the workspace (packages/* and the CLI) is packed. */
const PACKAGES = readdirSync(join(here, '../../packages')).length + 1;

describe('pack and install dry run', () => {
  it('packs every package, installs the tarballs into an empty folder and runs the examples there', () => {
    const r = spawnSync(process.execPath, [join(here, 'pack-check.mjs')], { encoding: 'utf8' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `pack check: ${PACKAGES} tarballs packed, installed into an empty folder and used \\(hbt \\d+\\.\\d+\\.\\d+`,
      ),
    );
  }, 300_000);
});
