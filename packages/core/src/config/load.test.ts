import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, UsageError } from '../errors.js';
import { loadConfig, resolveVariants } from './load.js';
import { configJsonSchema } from './schema.js';

async function cfg(obj: unknown, extra: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-cfg-'));
  for (const [name, v] of Object.entries(extra)) await writeFile(join(dir, name), JSON.stringify(v));
  const p = join(dir, 'hbt.json');
  await writeFile(p, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return p;
}

describe('loadConfig', () => {
  it('fills defaults', async () => {
    const rc = loadConfig(await cfg({}));
    expect(rc.config.sampler.alpha).toBe(0.5);
    expect(rc.config.sampler.strategy).toBe('hybrid');
    expect(rc.config.train.temperature).toBe(0.05);
    expect(rc.variant).toBe('default');
  });

  it('names the key, the expected type and the file for a bad value', async () => {
    const p = await cfg({ sampler: { alpha: 'half' } });
    let err: unknown;
    try {
      loadConfig(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as Error).message).toContain('sampler.alpha');
    expect((err as Error).message).toContain('expected number');
    expect((err as Error).message).toContain(p);
  });

  it('rejects unknown keys and out-of-range values', async () => {
    expect(() => loadConfig(loadSync({ sampler: { alpah: 0.3 } }))).toThrow(/alpah/);
    expect(() => loadConfig(loadSync({ sampler: { alpha: 1.5 } }))).toThrow(/sampler\.alpha/);
  });

  it('applies --set overrides as JSON values, else strings', async () => {
    const rc = loadConfig(await cfg({}), ['sampler.alpha=0.3', 'sampler.strategy=x-y', 'model.init=null']);
    expect(rc.config.sampler.alpha).toBe(0.3);
    expect(rc.config.sampler.strategy).toBe('x-y');
    expect(rc.config.model.init).toBeNull();
    expect(() => loadConfig(loadSync({}), ['sampler.alpha'])).toThrow(/KEY=VALUE/);
    expect(() => loadConfig(loadSync({}), ['sampler.alpha=half'])).toThrow(/sampler\.alpha/);
  });

  it('reads sections from their own files', async () => {
    const p = await cfg({ sampler: 'sampler.json' }, { 'sampler.json': { alpha: 0.7 } });
    expect(loadConfig(p).config.sampler.alpha).toBe(0.7);
  });

  it('reports malformed JSON and missing files as usage errors', async () => {
    expect(() => loadConfig(loadSync('{"sampler": '))).toThrow(/invalid JSON/);
    expect(() => loadConfig('/nonexistent/hbt.json')).toThrow(/hbt.json: no such config file/);
  });

  it('expands variants, each validated', async () => {
    const p = await cfg({
      variants: [
        { name: 'mono', set: { 'sampler.strategy': 'x-x-mono' } },
        { name: 'hyb-a03', set: { 'sampler.alpha': 0.3, seed: 2 } },
      ],
    });
    const vs = resolveVariants(loadConfig(p));
    expect(vs.map((v) => v.variant)).toEqual(['mono', 'hyb-a03']);
    expect(vs[0]!.config.sampler.strategy).toBe('x-x-mono');
    expect(vs[1]!.config.sampler.alpha).toBe(0.3);
    expect(vs[1]!.config.seed).toBe(2);
    const bad = await cfg({ variants: [{ name: 'v', set: { 'sampler.alpha': 'x' } }] });
    expect(() => resolveVariants(loadConfig(bad))).toThrow(
      /variant v.*sampler\.alpha|sampler\.alpha.*variant v/s,
    );
  });

  it('a variant may set sampler.subset but not data or variants (exit 2, naming the key)', async () => {
    const p = await cfg({
      variants: [
        { name: 'hybrid-10', set: { 'sampler.subset': { fraction: 0.1 } } },
        { name: 'hybrid-30', set: { 'sampler.subset.fraction': 0.3 } },
      ],
    });
    const vs = resolveVariants(loadConfig(p));
    expect(vs.map((v) => v.config.sampler.subset?.fraction)).toEqual([0.1, 0.3]);
    expect(loadConfig(p).config.sampler.subset).toBeUndefined();
    for (const key of ['data.train', 'data', 'data.pairs.seed', 'variants']) {
      const bad = await cfg({ variants: [{ name: 'v', set: { seed: 1, [key]: 'x' } }] });
      let err: unknown;
      try {
        resolveVariants(loadConfig(bad));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect(exitCodeOf(err)).toBe(2);
      expect((err as Error).message).toContain(`variant "v" sets "${key}", which a variant may not change`);
    }
    const bad = await cfg({ variants: [{ name: 'v', set: { 'sampler.subset.fraction': 2 } }] });
    expect(() => resolveVariants(loadConfig(bad))).toThrow(/variant v.*sampler\.subset\.fraction/s);
  });

  it('exports a JSON Schema describing every section', () => {
    const s = configJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(s.properties)).toEqual(
      expect.arrayContaining(['data', 'sampler', 'model', 'train', 'index', 'eval', 'report', 'variants']),
    );
    expect(s.properties.sampler!.properties!.alpha).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
  });
});

// Synchronous helper for the throw-expect cases.
import { mkdtempSync, writeFileSync } from 'node:fs';

function loadSync(obj: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'hbt-cfg-'));
  const p = join(dir, 'hbt.json');
  writeFileSync(p, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return p;
}
