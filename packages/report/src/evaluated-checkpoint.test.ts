// Which checkpoint a variant's numbers come from, read from the train manifest for the variants table.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatedCheckpoint } from './load.js';

function manifest(stats: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hbt-ckpt-'));
  const file = join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify({ stage: 'train', stats }));
  return file;
}

describe('evaluatedCheckpoint', () => {
  it('is the final model when training had no validation (best_step null)', async () => {
    expect(await evaluatedCheckpoint(manifest({ steps_done: 800, best_step: null }))).toEqual({
      kind: 'final',
      step: 800,
      of: 800,
    });
  });
  it('is the final model when the best validation loss came at the last step', async () => {
    expect((await evaluatedCheckpoint(manifest({ steps_done: 1000, best_step: 999 })))?.kind).toBe('final');
  });
  it('names an earlier best step (1-based) and the steps trained', async () => {
    expect(await evaluatedCheckpoint(manifest({ steps_done: 1000, best_step: 299 }))).toEqual({
      kind: 'best',
      step: 300,
      of: 1000,
    });
  });
  it('is unknown without a train manifest', async () => {
    expect(await evaluatedCheckpoint(join(tmpdir(), 'no-such-dir', 'manifest.json'))).toBeNull();
  });
});
