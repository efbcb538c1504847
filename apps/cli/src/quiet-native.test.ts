import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isTfNotice, TfNoticeFilter, wantsFilter } from './quiet-native.js';

// TensorFlow 2.21's start-up lines as tfjs-node prints them here (TF_CPP_MIN_LOG_LEVEL=1 does not hide
// them: they come before the level is read).
const NOTICES = [
  'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR',
  'I0000 00:00:1796599824.864030    1042 port.cc:153] oneDNN custom operations are on. You may see slightly different numerical results due to floating-point round-off errors from different computation orders. To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.',
  'I0000 00:00:1796598902.402647   14342 cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use available CPU instructions in performance-critical operations.',
  'To enable the following instructions: AVX2 AVX512F AVX512_VNNI AVX512_BF16 AVX_VNNI FMA, in other operations, rebuild TensorFlow with the appropriate compiler flags.',
];

describe('-q and TensorFlow start-up notices', () => {
  it('recognises the notices and nothing else', () => {
    for (const n of NOTICES) expect(isTfNotice(n), n).toBe(true);
    for (const keep of [
      'hbt: error: hbt.json: sampler.alpha: expected number',
      'warning: train: no validation pairs',
      'W0000 00:00:1796599824.864030    1042 op_kernel.cc:1830] OP_REQUIRES failed',
      'E0000 00:00:1796599824.864030    1042 session.cc:10] out of memory',
    ]) {
      expect(isTfNotice(keep), keep).toBe(false);
    }
  });

  it('filters a stream line by line, across chunk boundaries, keeping the rest byte for byte', async () => {
    const text = `${NOTICES.join('\n')}\nhbt: error: boom\nW0000 00:00:1.0 1 x.cc:1] careful\nlast line without newline`;
    // Split at awkward places: inside lines and inside the multi-byte nothing.
    const chunks = [text.slice(0, 30), text.slice(30, 200), text.slice(200, 401), text.slice(401)].map((s) =>
      Buffer.from(s),
    );
    const out: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      Readable.from(chunks)
        .pipe(new TfNoticeFilter())
        .on('data', (b: Buffer) => out.push(b))
        .on('end', resolve)
        .on('error', reject);
    });
    expect(Buffer.concat(out).toString()).toBe(
      'hbt: error: boom\nW0000 00:00:1.0 1 x.cc:1] careful\nlast line without newline',
    );
  });

  it('runs filtered only under -q, for commands that may load TensorFlow, and never twice', () => {
    expect(wantsFilter(['train', '-c', 'x.json', '-q'], {})).toBe(true);
    expect(wantsFilter(['embed', '--model', 'm', '--quiet'], {})).toBe(true);
    expect(wantsFilter(['run', '-qv', '-c', 'x'], {})).toBe(true);
    expect(wantsFilter(['train', '-c', 'x.json'], {})).toBe(false);
    expect(wantsFilter(['evaluate', '-q'], {})).toBe(false);
    expect(wantsFilter(['train', '-q'], { HBT_STDERR_FILTERED: '1' })).toBe(false);
  });
});
