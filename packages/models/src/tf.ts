/**
 * The one tfjs instance hbt uses. Import `tf` from `@hbt/models` (not from `@tensorflow/tfjs` directly)
 * so that every package registers and sees the same backends and tensors.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
