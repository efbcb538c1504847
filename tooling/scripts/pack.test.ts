// The pack and install dry run (tooling/scripts/pack-check.mjs) as part of the test command, so CI
// (`.ci/run` → test.sh) runs it: every package packed with `pnpm pack`, installed from its tarball into an
// empty folder, and its README examples run there. Slow (about 15 s of CPU); needs the build, as CI has.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url).pathname;

describe('pack and install dry run', () => {
  it('packs every package, installs the tarballs into an empty folder and runs the examples there', () => {
    const r = spawnSync(process.execPath, [join(here, 'pack-check.mjs')], { encoding: 'utf8' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(
      /pack check: 9 tarballs packed, installed into an empty folder and used \(hbt \d+\.\d+\.\d+/,
    );
  }, 300_000);
});
