import { describe, expect, it } from 'vitest';
import { simulateNaive, summariseNaive } from '../../benchmarks/naiveReference.js';
import { preparedRun, resultOf, shipped } from '../helpers.js';

/** Standard errors allowed between two independent Monte Carlo medians. */
const STANDARD_ERRORS = 5;

describe('the naive reference of the benchmark', () => {
  it('is the same model as the engine: every series’ last-year median agrees within 5 Monte Carlo standard errors', async () => {
    const paths = 4_000;
    const run = preparedRun(shipped('baseline'), { paths, seed: 1 });
    const engine = await resultOf(shipped('baseline'), { paths, seed: 1 });
    const naive = summariseNaive(run.plan, simulateNaive(run.plan, paths, 99));
    const last = run.plan.years.length - 1;
    for (const [name, summary] of Object.entries(engine.series)) {
      const [p25, p50, p75] = [summary.p25[last]!, summary.p50[last]!, summary.p75[last]!];
      // s.e. of a median ≈ 1.2533·σ/√n, σ from the interquartile range; two independent samples: × √2
      const standardError = (Math.SQRT2 * 1.2533 * ((p75 - p25) / 1.349)) / Math.sqrt(paths);
      const naiveMedian = naive[name]!.percentiles[last]![2]!;
      expect(Math.abs(naiveMedian - p50), `${name}: naive ${naiveMedian}, engine ${p50}`).toBeLessThanOrEqual(STANDARD_ERRORS * standardError + 1e-12);
    }
  });
});
