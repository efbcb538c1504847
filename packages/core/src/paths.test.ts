import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalPath, isInside, pathsOverlap } from './paths.js';

describe('paths', () => {
  it('isInside compares whole segments', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b/c', '/a/b')).toBe(true);
    expect(isInside('/a/bc', '/a/b')).toBe(false); // a prefix of the name is not a parent
    expect(isInside('/a', '/a/b')).toBe(false);
    expect(isInside('/a/..b', '/a')).toBe(true); // "..b" is a name, not a step up
    expect(isInside('/x/y', '/a')).toBe(false);
  });

  it('canonicalPath sees through symlinks and .. , also for paths that do not exist yet', async () => {
    const root = canonicalPath(await mkdtemp(join(tmpdir(), 'hbt-paths-')));
    await mkdir(join(root, 'real'));
    await symlink(join(root, 'real'), join(root, 'link'));
    expect(canonicalPath(join(root, 'link', 'new', 'x'))).toBe(join(root, 'real', 'new', 'x'));
    expect(canonicalPath(join(root, 'real', '..', 'real'))).toBe(join(root, 'real'));
    expect(pathsOverlap(join(root, 'link'), join(root, 'real', 'deep'))).toBe(true);
    expect(pathsOverlap(join(root, 'real', 'a'), join(root, 'real', 'b'))).toBe(false);
  });
});
