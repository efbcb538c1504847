import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { langFromFileName } from './files.js';
import { getDataset, REGISTRY } from './registry.js';
import { realMirror } from './test-utils/prep.js';

const mirror = realMirror();

describe('registry', () => {
  it('lists the datasets of the issue, each file with a pinned raw.githubusercontent.com URL', () => {
    expect(REGISTRY.map((d) => d.name)).toEqual([
      'xquad-r',
      'mlqa-r',
      'xquad',
      'miracl',
      'mintaka',
      'mbert-vocab',
      'ntrex-128',
      'flores-sib200',
      'mafand-mt',
      'afriqa',
      'masakhane-news',
      'tatoeba',
    ]);
    for (const d of REGISTRY) {
      expect(d.licence).not.toBe('');
      for (const f of d.files) {
        expect(f.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[\w.-]+\/[\w.-]+\/[0-9a-f]{40}\/\S+$/);
        expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(f.url.endsWith(f.path.split('/').pop()!)).toBe(true);
      }
    }
  });

  it('has one file per language for the per-language datasets', () => {
    for (const name of ['xquad-r', 'mlqa-r', 'xquad']) {
      const d = getDataset(name);
      const langs = d.files.filter((f) => f.path.endsWith('.json')).map((f) => langFromFileName(f.path));
      expect(langs).toEqual(d.languages);
    }
    const miracl = getDataset('miracl');
    expect(miracl.files.length).toBe(2 * miracl.languages.length);
  });

  it('names unknown datasets with the known ones', () => {
    expect(() => getDataset('squad2')).toThrow(UsageError);
    expect(() => getDataset('squad2')).toThrow(/known datasets: xquad-r, mlqa-r/);
  });

  it.skipIf(mirror === null)('matches every file of the data mirror byte for byte (size and sha256)', () => {
    for (const d of REGISTRY) {
      for (const f of d.files) {
        const p = join(mirror!, d.name, f.path);
        expect(statSync(p).size, p).toBe(f.bytes);
        expect(createHash('sha256').update(readFileSync(p)).digest('hex'), p).toBe(f.sha256);
      }
    }
  });
});
