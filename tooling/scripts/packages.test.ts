// Publishable packages (issue 17): every @hbt package has the licence, the fields and the exports that
// `pnpm publish` needs, and one shared version. Cheap checks of the manifests; `pack.test.ts` packs and
// installs the real tarballs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HBT_VERSION } from '../../packages/core/src/version.js';

const root = new URL('../..', import.meta.url).pathname;
const PUBLISHED = [...readdirSync(join(root, 'packages')).map((d) => `packages/${d}`), 'apps/cli'];
const manifest = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));

describe('publishable packages', () => {
  const licence = readFileSync(join(root, 'LICENSE'), 'utf8');

  it('the licence is Apache-2.0, compatible with every runtime dependency (Apache-2.0 or MIT)', () => {
    expect(licence).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    for (const dir of PUBLISHED) {
      const m = manifest(dir);
      for (const dep of Object.keys({ ...m.dependencies, ...m.optionalDependencies })) {
        if (dep.startsWith('@hbt/')) continue;
        const pkg = join(root, dir, 'node_modules', dep, 'package.json');
        if (!existsSync(pkg)) continue; // an optional dependency that did not install
        expect(['Apache-2.0', 'MIT'], `${dir}: ${dep}`).toContain(
          JSON.parse(readFileSync(pkg, 'utf8')).license,
        );
      }
    }
  });

  for (const dir of PUBLISHED) {
    it(`${dir}: licence, fields, exports to built output with types, the shared version`, () => {
      const m = manifest(dir);
      expect(m.private, 'private').toBeUndefined();
      expect(m.version).toBe(HBT_VERSION);
      expect(m.license).toBe('Apache-2.0');
      expect(readFileSync(join(root, dir, 'LICENSE'), 'utf8')).toBe(licence);
      expect(m.description).toMatch(/\w/);
      // No repository until the project has a public home (a placeholder URL sends npm users nowhere);
      // once there is one, every package names it, with its own directory.
      const repo = manifest('packages/core').repository;
      if (repo === undefined) expect(m.repository, 'repository').toBeUndefined();
      else expect(m.repository).toEqual({ type: 'git', url: repo.url, directory: dir });
      expect(m.engines).toEqual(manifest('.').engines);
      expect(m.files).toContain('dist');
      expect(m.publishConfig.access).toBe('public');
      // Published exports: every subpath that has a build, as types + default in dist/, nothing from src/.
      const dev = Object.entries(m.exports as Record<string, Record<string, string>>).filter(
        ([, c]) => c.default,
      );
      expect(Object.keys(m.publishConfig.exports)).toEqual(dev.map(([k]) => k));
      for (const [sub, c] of Object.entries(
        m.publishConfig.exports as Record<string, Record<string, string>>,
      )) {
        expect(Object.keys(c), sub).toEqual(['types', 'default']);
        expect(c.types, sub).toMatch(/^\.\/dist\/.*\.d\.ts$/);
        expect(c.default, sub).toMatch(/^\.\/dist\/.*\.js$/);
        expect(c.types.replace(/\.d\.ts$/, '')).toBe(c.default.replace(/\.js$/, ''));
      }
    });
  }
});
