import { describe, expect, it } from 'vitest';
import type { FactorColumns } from '../../../src/analysis/sensitivity/batchModel.js';
import { createMorrisDesign } from '../../../src/analysis/sensitivity/morrisDesign.js';
import { morrisIndices } from '../../../src/analysis/sensitivity/morrisIndices.js';

const BOOTSTRAP = { resamples: 50, confidence: 0.95, seed: 1 };

describe('Morris trajectory design', () => {
  const factors: FactorColumns[] = [
    { name: 'a', columns: [0] },
    { name: 'group', columns: [1, 2] },
    { name: 'c', columns: [3] },
  ];
  const design = createMorrisDesign(20, 5, factors, 4, 9); // column 4 belongs to no factor (a shock key)

  it('moves exactly one factor per step, by Δ = p/(2(p − 1)) on the grid (½ in uniforms), and keeps free columns fixed', () => {
    expect(design.delta).toBeCloseTo(2 / 3, 12);
    const k = factors.length;
    for (let t = 0; t < 20; t++) {
      const moved = new Set<number>();
      for (let s = 0; s < k; s++) {
        const before = design.points.subarray((t * (k + 1) + s) * 5, (t * (k + 1) + s + 1) * 5);
        const after = design.points.subarray((t * (k + 1) + s + 1) * 5, (t * (k + 1) + s + 2) * 5);
        const factor = design.movedFactor[t * k + s]!;
        moved.add(factor);
        for (let c = 0; c < 5; c++) {
          const change = Math.abs(after[c]! - before[c]!);
          expect(change).toBeCloseTo(factors[factor]!.columns.includes(c) ? 0.5 : 0, 12);
        }
      }
      expect(moved.size).toBe(k);
    }
    for (const u of design.points) expect(u > 0 && u < 1).toBe(true);
  });
});

describe('Morris elementary effects', () => {
  it('recovers a linear function’s slopes: μ = μ* = 0.75·aᵢ (½ of the uniform range per Δ = ⅔ of the grid), σ = 0; an unread input gets 0', async () => {
    const slopes = [3, -2, 0];
    const factors: FactorColumns[] = slopes.map((_, i) => ({ name: `x${i}`, columns: [i] }));
    const design = createMorrisDesign(30, 3, factors, 4, 2);
    const outputs = new Float64Array(design.points.length / 3);
    for (let r = 0; r < outputs.length; r++) outputs[r] = slopes.reduce((sum, a, i) => sum + a * design.points[r * 3 + i]!, 0);
    const measures = (await morrisIndices(outputs, design, BOOTSTRAP))!;
    slopes.forEach((a, i) => {
      expect(measures[i]!.mu!).toBeCloseTo(0.75 * a, 10);
      expect(measures[i]!.muStar.estimate).toBeCloseTo(0.75 * Math.abs(a), 10);
      expect(measures[i]!.sigma!).toBeCloseTo(0, 10);
    });
    expect(measures[2]!.muStar).toEqual({ estimate: 0, low: 0, high: 0, standardError: 0 });
  });

  it('reports only μ* for a group (its columns move in mixed directions)', async () => {
    const factors: FactorColumns[] = [{ name: 'pair', columns: [0, 1] }];
    const design = createMorrisDesign(10, 2, factors, 4, 4);
    const outputs = new Float64Array(design.points.length / 2);
    for (let r = 0; r < outputs.length; r++) outputs[r] = design.points[r * 2]! + design.points[r * 2 + 1]!;
    const [measures] = (await morrisIndices(outputs, design, BOOTSTRAP))!;
    expect(measures!.mu).toBeNull();
    expect(measures!.sigma).toBeNull();
    expect(measures!.muStar.estimate).toBeGreaterThan(0);
  });
});

describe('the Morris bootstrap', () => {
  it('stops soon after its signal aborts, whatever the resamples', async () => {
    // 2,000 trajectories of 40 factors with 10,000 resamples: ≈ 10 s of resampling. It reads the
    // clock every 64 resamples (≈ 0.2 ms here) and yields every EVENT_LOOP_TURN_MS (20 ms):
    // measured 15–40 ms from the abort to the answer on this busy machine; the bound is 10× that.
    const factors: FactorColumns[] = Array.from({ length: 40 }, (_, i) => ({ name: `x${i}`, columns: [i] }));
    const design = createMorrisDesign(2_000, 40, factors, 4, 1);
    const outputs = Float64Array.from({ length: design.points.length / 40 }, (_, i) => Math.sin(i));
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 100);
    const measures = await morrisIndices(outputs, design, { resamples: 10_000, confidence: 0.95, seed: 1 }, { signal: controller.signal });
    expect(measures).toBeNull();
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(400);
  });
});
