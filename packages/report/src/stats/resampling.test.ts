import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { clusterBootstrap } from './cluster-bootstrap.js';
import { quantileSorted } from './describe.js';
import { signFlip } from './sign-flip.js';

// Plain reference versions (one obvious loop each, same random draws) of the optimised routines.

function naiveSignFlip(C: number[], threshold: number, permutations: number, rng: Rng): number {
  let hits = 0;
  for (let r = 0; r < permutations; r++) {
    let t = 0;
    for (let i = 0; i < C.length; i += 32) {
      const bits = rng.nextU32();
      for (let j = i; j < Math.min(C.length, i + 32); j++) t += (bits >>> (j - i)) & 1 ? -C[j]! : C[j]!;
    }
    if (Math.abs(t) >= threshold) hits++;
  }
  return (1 + hits) / (1 + permutations);
}

interface U {
  diff: number;
  stratum: number;
  cluster: number;
}

function naiveBootstrap(
  units: U[],
  clusterBlock: string[],
  reps: number,
  conf: number,
  rng: Rng,
): [number, number] {
  const blocks = [...new Set(clusterBlock)].sort();
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const drawn: number[] = [];
    for (const b of blocks) {
      const m = clusterBlock
        .map((x, c) => [x, c] as const)
        .filter(([x]) => x === b)
        .map(([, c]) => c);
      for (let j = 0; j < m.length; j++) drawn.push(m[Math.floor((rng.nextU32() * m.length) / 2 ** 32)]!);
    }
    const byStratum = new Map<number, number[]>();
    for (const c of drawn) {
      for (const u of units)
        if (u.cluster === c) byStratum.set(u.stratum, [...(byStratum.get(u.stratum) ?? []), u.diff]);
    }
    const means = [...byStratum.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    out.push(means.reduce((a, b) => a + b, 0) / means.length);
  }
  out.sort((a, b) => a - b);
  return [quantileSorted(out, (1 - conf) / 2), quantileSorted(out, 1 - (1 - conf) / 2)];
}

/** Queries (clusters) of 3 query languages (blocks), each against 2 targets (strata); `holes` drops units. */
function crossLike(holes: boolean): { units: U[]; clusterBlock: string[] } {
  const rng = Rng.fromSeed(42);
  const units: U[] = [];
  const clusterBlock: string[] = [];
  for (let q = 0; q < 3; q++) {
    for (let k = 0; k < 7; k++) {
      const c = clusterBlock.length;
      clusterBlock.push(`lang${q}`);
      for (let t = 0; t < 2; t++) {
        if (holes && q === 1 && k % 3 === 0 && t === 1) continue;
        units.push({ diff: rng.double() - 0.4, stratum: q * 2 + t, cluster: c });
      }
    }
  }
  return { units, clusterBlock };
}

describe('optimised resampling equals the plain loops', () => {
  it('sign flips summed by byte tables give the plain loop’s p-value', () => {
    const src = Rng.fromSeed(9);
    const C = Array.from({ length: 77 }, () => src.double() - 0.45);
    const obs = Math.abs(C.reduce((a, b) => a + b, 0));
    const fast = signFlip(Float64Array.from(C), obs, 3000, Rng.fromSeed(5));
    expect(fast.exact).toBe(false);
    expect(fast.p).toBe(naiveSignFlip(C, obs, 3000, Rng.fromSeed(5)));
  });

  it.each([
    ['complete blocks (fast path)', false],
    ['blocks with missing units (general path)', true],
  ] as const)('cluster bootstrap: %s', (_name, holes) => {
    const { units, clusterBlock } = crossLike(holes);
    const got = clusterBootstrap(
      {
        diff: Float64Array.from(units, (u) => u.diff),
        stratum: Int32Array.from(units, (u) => u.stratum),
        cluster: Int32Array.from(units, (u) => u.cluster),
        clusterBlock,
        strata: 6,
      },
      400,
      0.9,
      Rng.fromSeed(11),
    );
    const want = naiveBootstrap(units, clusterBlock, 400, 0.9, Rng.fromSeed(11));
    expect(got[0]).toBeCloseTo(want[0], 12);
    expect(got[1]).toBeCloseTo(want[1], 12);
  });
});
