import { createRequire } from 'node:module';
import { UsageError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { backendInfo, initBackend, initBackendInfo } from './backend.js';
import { tf } from './tf.js';

const nativeInstalled = (() => {
  try {
    createRequire(import.meta.url)('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('initBackend', () => {
  it('forces cpu and wasm, and reports the choice', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backendInfo()).toMatchObject({ name: 'wasm', nativePackage: null });
    expect(tf.tidy(() => Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync()))).toEqual([2, 3]);
  });

  it.skipIf(nativeInstalled)('auto falls back to wasm without tfjs-node, and says why', async () => {
    const info = await initBackendInfo('auto');
    expect(info.name).toBe('wasm');
    expect(info.skipped.map((s) => s.split(':')[0])).toEqual([
      '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node',
    ]);
  });

  it.skipIf(nativeInstalled)(
    'a forced tensorflow backend that cannot load is a usage error with a hint',
    async () => {
      await expect(initBackend('tensorflow')).rejects.toBeInstanceOf(UsageError);
      await expect(initBackend('tensorflow')).rejects.toThrow(/install-native\.sh/);
      expect(await initBackend('wasm')).toBe('wasm');
    },
  );
});
