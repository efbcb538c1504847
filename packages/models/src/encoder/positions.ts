import type { EncoderConfig } from './config.js';

/**
 * The position ids of a batch, `[b * t]` row-major, written once for every path (eager forward, the
 * training graph's feeds): BERT and LaBSE count 0…t−1; XLM-R follows Hugging Face's
 * `create_position_ids_from_input_ids`, `padding_idx + cumulative count of non-pad tokens` (pads get
 * `padding_idx`). The inference graph (`encoderGraph`) builds the same rule from graph nodes.
 *
 * @example
 * positionIds({ modelType: 'xlm-roberta', padTokenId: 1 } as EncoderConfig, Int32Array.from([0, 9, 2, 1]), [1, 4]);
 * // Int32Array [2, 3, 4, 1]
 */
export function positionIds(
  cfg: Pick<EncoderConfig, 'modelType' | 'padTokenId'>,
  inputIds: ArrayLike<number>,
  [b, t]: readonly [number, number],
): Int32Array {
  const pos = new Int32Array(b * t);
  for (let r = 0; r < b; r++) {
    let run = 0;
    for (let j = 0; j < t; j++) {
      if (cfg.modelType === 'xlm-roberta') {
        const notPad = inputIds[r * t + j] !== cfg.padTokenId ? 1 : 0;
        run += notPad;
        pos[r * t + j] = run * notPad + cfg.padTokenId;
      } else pos[r * t + j] = j;
    }
  }
  return pos;
}
