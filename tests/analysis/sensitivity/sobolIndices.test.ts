import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchModel, FactorColumns } from '../../../src/analysis/sensitivity/batchModel.js';
import { createSaltelliDesign, saltelliRowCount, saltelliRowsInto } from '../../../src/analysis/sensitivity/saltelliDesign.js';
import { sobolIndices, type SobolIndices } from '../../../src/analysis/sensitivity/sobolIndices.js';
import { ishigamiIndices, ishigamiModel } from './ishigami.js';

const FACTORS: readonly FactorColumns[] = ['x1', 'x2', 'x3', 'dummy'].map((name, i) => ({ name, columns: [i] }));

/** Runs the generic Saltelli/Sobol pipeline on a batch model: the same code the scenario uses. */
async function analyse(model: BatchModel, baseSamples: number, seed: number, resamples = 400): Promise<SobolIndices> {
  const design = createSaltelliDesign(baseSamples, model.columns, FACTORS, seed);
  const rows = saltelliRowCount(design);
  const points = new Float64Array(rows * model.columns);
  saltelliRowsInto(design, 0, rows, points);
  const outputs = new Float64Array(rows);
  model.evaluate(points, rows, outputs, 0);
  const indices = await sobolIndices(outputs, baseSamples, FACTORS.length, { resamples, confidence: 0.95, seed });
  if (indices === null) throw new Error('stopped without a signal');
  return indices;
}

describe('Saltelli design', () => {
  it('has N(k + 2) rows, A_B^(i) equal to A except factor i’s columns, which come from B', () => {
    const design = createSaltelliDesign(16, 4, FACTORS, 3);
    const rows = saltelliRowCount(design);
    expect(rows).toBe(16 * 6);
    const points = new Float64Array(rows * 4);
    saltelliRowsInto(design, 0, rows, points);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 16; j++) {
        for (let c = 0; c < 4; c++) {
          const mixed = points[((2 + i) * 16 + j) * 4 + c];
          expect(mixed).toBe(c === i ? points[(16 + j) * 4 + c] : points[j * 4 + c]);
        }
      }
    }
    for (const u of points) expect(u > 0 && u < 1).toBe(true);
  });
});

describe('Sobol indices on the Ishigami function (a = 7, b = 0.1)', () => {
  const analytic = ishigamiIndices();
  // N = 8192 → 49 152 evaluations; seed 2030 is the project's default seed
  let result: SobolIndices;
  beforeAll(async () => {
    result = await analyse(ishigamiModel(), 8192, 2030);
  });

  it('estimates the first-order indices ≈ (0.314, 0.442, 0.000) within their 95% bootstrap intervals', () => {
    expect(analytic.firstOrder[0]).toBeCloseTo(0.3139, 4);
    expect(analytic.firstOrder[1]).toBeCloseTo(0.4424, 4);
    for (let i = 0; i < 3; i++) {
      const { low, high } = result.firstOrder[i]!;
      expect(analytic.firstOrder[i], `S${i + 1} in [${low}, ${high}]`).toBeGreaterThanOrEqual(low);
      expect(analytic.firstOrder[i]).toBeLessThanOrEqual(high);
      expect(high - low, 'the interval is informative, not vacuous').toBeLessThan(0.06);
    }
  });

  it('estimates the total indices ≈ (0.558, 0.442, 0.244) within their intervals', () => {
    for (let i = 0; i < 3; i++) {
      const { low, high } = result.totalOrder[i]!;
      expect(analytic.totalOrder[i], `S_T${i + 1} in [${low}, ${high}]`).toBeGreaterThanOrEqual(low);
      expect(analytic.totalOrder[i]).toBeLessThanOrEqual(high);
    }
  });

  it('gives an input the function does not read indices of exactly 0', () => {
    expect(result.firstOrder[3]).toEqual({ estimate: 0, low: 0, high: 0, standardError: 0 });
    expect(result.totalOrder[3]).toEqual({ estimate: 0, low: 0, high: 0, standardError: 0 });
  });

  it('covers the analytic first-order indices at about the nominal 95% over independent seeds', async () => {
    // 40 seeds × 3 indices: each interval holds its analytic value with probability ≈ 0.95, so
    // the count of hits is ≈ Binomial(120, 0.95) (mean 114); P(K < 104) < 0.001.
    let hits = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const run = await analyse(ishigamiModel(), 1024, seed, 100);
      for (let i = 0; i < 3; i++) {
        const { low, high } = run.firstOrder[i]!;
        if (low <= analytic.firstOrder[i]! && analytic.firstOrder[i]! <= high) hits++;
      }
    }
    expect(hits).toBeGreaterThanOrEqual(104);
  });
});

describe('sobolIndices', () => {
  it('gives every index 0 when the output does not vary', async () => {
    const constant: BatchModel = { columns: 4, evaluate: (_p, rows, into, offset) => (into.fill(3, offset, offset + rows), true) };
    const result = await analyse(constant, 64, 1, 20);
    for (const index of [...result.firstOrder, ...result.totalOrder]) expect(index.estimate).toBe(0);
    expect(result.variance).toBe(0);
  });

  it('recovers an additive function’s shares exactly in expectation: f = x₁ + 2x₂ → S = (0.2, 0.8)', async () => {
    const additive: BatchModel = {
      columns: 4,
      evaluate: (p, rows, into, offset) => {
        for (let r = 0; r < rows; r++) into[offset + r] = p[r * 4]! + 2 * p[r * 4 + 1]!;
        return true;
      },
    };
    const result = await analyse(additive, 8192, 5, 100);
    expect(Math.abs(result.firstOrder[0]!.estimate - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(result.firstOrder[1]!.estimate - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(result.totalOrder[0]!.estimate - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(result.totalOrder[1]!.estimate - 0.8)).toBeLessThan(0.02);
  });
});

describe('the Sobol bootstrap', () => {
  it('stops within one resample and a turn of the event loop after its signal aborts, whatever the resamples', async () => {
    // 20,000 samples × 39 factors: one resample is ≈ 8 ms here (≈ 10 ns a step out of cache);
    // 10,000 resamples would take ≈ 80 s. Stopping takes at most EVENT_LOOP_TURN_MS (20 ms),
    // one resample and the timer's lateness: measured 10–40 ms on this busy machine; the bound
    // leaves 10× that for a slower one.
    const n = 20_000;
    const k = 38;
    const outputs = Float64Array.from({ length: n * (k + 2) }, (_, i) => Math.sin(i));
    const controller = new AbortController();
    const abortAfterMs = 100;
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, abortAfterMs);
    const indices = await sobolIndices(outputs, n, k, { resamples: 10_000, confidence: 0.95, seed: 1 }, { signal: controller.signal });
    const stoppedAfterMs = performance.now() - abortedAt;
    expect(indices).toBeNull();
    expect(abortedAt).toBeGreaterThan(0);
    expect(stoppedAfterMs).toBeLessThan(400);
  });
});
