/**
 * SHA-256 (FIPS 180-4) of a byte range into 8 big-endian 32-bit words, in plain JavaScript over typed
 * arrays: for hashing tens of millions of short keys (the sampler's subset ranks every group by
 * `sha256("<seed>\0<dataset>\0<group_id>")`), where `node:crypto` costs a native call, a Hash object and
 * a string per key. Equal to `createHash('sha256')` (tested against it); use `hashBytes` for anything
 * else.
 *
 * @example
 * const words = new Uint32Array(8);
 * sha256Into(new TextEncoder().encode('abc'), 3, words);
 * words[0]!.toString(16); // 'ba7816bf' (the digest's first 4 bytes)
 */
export function sha256Into(data: Uint8Array, length: number, out: Uint32Array): void {
  const blocks = Math.ceil((length + 9) / 64);
  const need = blocks * 64;
  if (pad.length < need) pad = new Uint8Array(need * 2);
  pad.set(data.subarray(0, length));
  pad.fill(0, length, need);
  pad[length] = 0x80;
  const bits = length * 8;
  pad[need - 4] = bits >>> 24;
  pad[need - 3] = (bits >>> 16) & 0xff;
  pad[need - 2] = (bits >>> 8) & 0xff;
  pad[need - 1] = bits & 0xff;
  pad[need - 5] = Math.floor(bits / 2 ** 32) & 0xff;
  let h0 = 0x6a09e667;
  let h1 = 0xbb67ae85;
  let h2 = 0x3c6ef372;
  let h3 = 0xa54ff53a;
  let h4 = 0x510e527f;
  let h5 = 0x9b05688c;
  let h6 = 0x1f83d9ab;
  let h7 = 0x5be0cd19;
  for (let b = 0; b < need; b += 64) {
    for (let t = 0; t < 16; t++) {
      const o = b + t * 4;
      W[t] = (pad[o]! << 24) | (pad[o + 1]! << 16) | (pad[o + 2]! << 8) | pad[o + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15]!;
      const y = W[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
    }
    let a = h0;
    let c1 = h1;
    let c2 = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & c1) ^ (a & c2) ^ (c1 & c2);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c2;
      c2 = c1;
      c1 = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + c1) | 0;
    h2 = (h2 + c2) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  out[0] = h0;
  out[1] = h1;
  out[2] = h2;
  out[3] = h3;
  out[4] = h4;
  out[5] = h5;
  out[6] = h6;
  out[7] = h7;
}

let pad = new Uint8Array(256);
const W = new Int32Array(64);
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
