import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './schema.js';

// tooling/hbt.schema.json is what experiment configs point "$schema" at for editor completion.
describe('tooling/hbt.schema.json', () => {
  it('is the current JSON Schema of the config (regenerate: node apps/cli/dist/bin.js config schema > tooling/hbt.schema.json)', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../../../tooling/hbt.schema.json', import.meta.url), 'utf8'),
    );
    expect(file).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});
