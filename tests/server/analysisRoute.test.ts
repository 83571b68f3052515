import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createComputePool } from '../../src/server/computePool.js';
import { preparedRun, shipped } from '../helpers.js';
import { errorOf, post, untilActive } from './serverHarness.js';

/** Steps of the default back-test: its origins (2010 to the year before the last year of data) and the scenario's own projection. */
const BACKTEST_STEPS =
  Math.max(
    ...shipped('baseline')
      .history.years.filter((y) => y.turnover !== null)
      .map((y) => y.year),
  ) -
  2010 +
  1;

/** Evaluations per base sample of a Sobol design on the baseline: its uncertain parameters and the shocks, + 2. */
const SOBOL_EVALUATIONS = preparedRun(shipped('baseline'), { paths: 1 }).plan.parameters.filter((p) => p.distribution.dist !== 'fixed').length + 1 + 2;

// What the three analysis routes share with the simulation route (src/server/routes/analysisRoute.ts):
// the time limit, the slots for runs at once, the health counts. Each route's own tests cover
// its work cap, its errors and its bytes.

describe('the analyses within the server’s limits', () => {
  it('503 timeout past the time limit, saying how far each analysis got; the runs stop computing', async () => {
    // the limit runs from when a worker begins the job; a pool whose threads have started, so 1 ms is 1 ms of computing
    const pool = createComputePool();
    const warm = buildApp({ compute: pool });
    expect((await post(warm, '/api/simulations', { scenario: 'baseline', paths: 10 })).statusCode).toBe(200);
    const hasty = buildApp({ compute: pool, limits: { runTimeoutMs: 1 } });
    const compare = await post(hasty, '/api/compare', { scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw' }], paths: 20_000 });
    expect(compare.statusCode).toBe(503);
    expect(errorOf(compare)).toMatchObject({ code: 'timeout', message: expect.stringMatching(/^the comparison was stopped after 1 ms \(\d+ of 40000 paths done\); ask for fewer paths$/) });
    const sensitivity = await post(hasty, '/api/sensitivity', { scenario: 'baseline', samples: 2_000 });
    expect(errorOf(sensitivity)).toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(new RegExp(`^the sensitivity analysis was stopped after 1 ms \\(\\d+ of ${2_000 * SOBOL_EVALUATIONS} simulated paths done\\); ask for fewer samples$`)),
    });
    const backtest = await post(hasty, '/api/backtest', { scenario: 'baseline', samples: 1_000 });
    expect(errorOf(backtest)).toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(new RegExp(`^the back-test was stopped after 1 ms \\(\\d+ of ${BACKTEST_STEPS} steps done\\); ask for fewer samples$`)),
    });
    const { runs } = (await hasty.inject({ method: 'GET', url: '/api/health' })).json();
    expect(runs).toMatchObject({ active: 0, timedOut: 3, completed: 0 });
    expect(runs.pathsSimulated).toBeLessThan(40_000 + 2_000 * SOBOL_EVALUATIONS);
    await Promise.all([hasty.close(), warm.close()]);
    await pool.close();
  });

  it('503 busy while the most runs at once compute, whichever route asks; counted in health', async () => {
    const single = buildApp({ limits: { maxConcurrentRuns: 1 } });
    const first = post(single, '/api/compare', { scenarios: [{ scenario: 'baseline' }, { scenario: 'escalation' }], paths: 20_000 });
    await untilActive(single);
    const refused = await Promise.all([
      post(single, '/api/sensitivity', { scenario: 'baseline', method: 'morris', samples: 2 }),
      post(single, '/api/backtest', { scenario: 'baseline', samples: 100 }),
      post(single, '/api/simulations', { scenario: 'baseline', paths: 10 }),
      post(single, '/api/compare', { scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw' }], paths: 10 }),
    ]);
    expect(refused.map((response) => [response.statusCode, errorOf(response).code])).toEqual(refused.map(() => [503, 'busy']));
    expect((await first).statusCode).toBe(200);
    expect((await post(single, '/api/backtest', { scenario: 'baseline', origins: { from: 2022, to: 2023 }, samples: 100 })).statusCode).toBe(200); // the slot is free again
    const { runs } = (await single.inject({ method: 'GET', url: '/api/health' })).json();
    expect(runs).toMatchObject({ active: 0, completed: 2, refusedBusy: 4 });
    await single.close();
  });
});
