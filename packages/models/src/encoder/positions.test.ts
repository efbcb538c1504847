import { describe, expect, it } from 'vitest';
import { positionIds } from './positions.js';

describe('positionIds', () => {
  it('BERT counts 0…t−1 in every row, padding included', () => {
    const cfg = { modelType: 'bert' as const, padTokenId: 0 };
    expect(Array.from(positionIds(cfg, [101, 7, 102, 0, 101, 102, 0, 0], [2, 4]))).toEqual([
      0, 1, 2, 3, 0, 1, 2, 3,
    ]);
  });

  it('XLM-R is padding_idx + the running count of non-pads, pads at padding_idx (as transformers)', () => {
    // create_position_ids_from_input_ids([[0, 9, 2, 1], [0, 2, 1, 1]], padding_idx=1)
    const cfg = { modelType: 'xlm-roberta' as const, padTokenId: 1 };
    expect(Array.from(positionIds(cfg, [0, 9, 2, 1, 0, 2, 1, 1], [2, 4]))).toEqual([2, 3, 4, 1, 2, 3, 1, 1]);
  });
});
