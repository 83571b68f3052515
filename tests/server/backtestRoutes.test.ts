import { afterAll, describe, expect, it } from 'vitest';
import { backtestResultSchema } from '../../src/analysis/backtest/backtest.js';
import { buildApp } from '../../src/server/app.js';
import { tradecast } from '../cli/cliHarness.js';
import { shipped } from '../helpers.js';
import { EXPLODING_SCENARIO, errorOf, post } from './serverHarness.js';

const app = buildApp();
afterAll(() => app.close());

const backtest = (body: unknown) => post(app, '/api/backtest', body);

describe('POST /api/backtest', () => {
  it('answers with exactly the bytes of `tradecast backtest --format json` for the same inputs', async () => {
    const cli = await tradecast([
      'backtest',
      'baseline',
      '--origins',
      '2019..2023',
      '--horizons',
      '1..3',
      '--samples',
      '300',
      '--seed',
      '4',
      '--set',
      'oilLongRun=60',
      '--format',
      'json',
      '--no-progress',
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const response = await backtest({ scenario: 'baseline', overrides: { oilLongRun: 60 }, origins: { from: 2019, to: 2023 }, horizons: { from: 1, to: 3 }, samples: 300, seed: 4 });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe(cli.stdout);
    expect(backtestResultSchema.strict().safeParse(response.json()).error?.issues).toBeUndefined();
  });

  it('400 invalid-request naming the fields of a body that does not match the schema, or a range that is empty', async () => {
    const response = await backtest({ scenario: 'baseline', origins: { from: 'x', to: 2020 }, samples: 50, colour: 'red' });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('invalid-request');
    expect(error.issues!.map((issue) => issue.path)).toEqual(expect.arrayContaining([['origins', 'from'], ['samples']]));
    const empty = errorOf(await backtest({ scenario: 'baseline', origins: { from: 2023, to: 2019 }, samples: 100 }));
    expect(empty).toMatchObject({ code: 'invalid-request', issues: [{ path: ['origins'] }] });
  });

  it('400 invalid-scenario for an override out of range, 404 for an unknown id', async () => {
    const override = errorOf(await backtest({ scenario: 'baseline', overrides: { westernWedge: 9 } }));
    expect(override).toMatchObject({ code: 'invalid-scenario', issues: [{ path: ['knobs', 'westernWedge', 'value'], file: 'overrides' }] });
    const unknown = await backtest({ scenario: 'atlantis' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('not-found');
  });

  it('422 model-failure when the scenario’s own projection reaches Infinity', async () => {
    const response = await backtest({ scenario: EXPLODING_SCENARIO, samples: 100 });
    expect(response.statusCode).toBe(422);
    expect(errorOf(response)).toMatchObject({ code: 'model-failure', message: expect.stringMatching(/NaN or Infinity/) });
  });

  it('400 work-limit naming samples: every origin’s two runs and the scenario’s own projection count', async () => {
    // default origins 2010 to the year before the last year of data (2024), horizons 1–5: 5 projected
    // years in each of 2 runs per origin (ex ante, ex post) and the scenario's own projection
    const last = Math.max(
      ...shipped('baseline')
        .history.years.filter((y) => y.turnover !== null)
        .map((y) => y.year),
    );
    const runs = 2 * (last - 2010) + 1;
    const perSample = 5 * runs;
    const capped = buildApp({ limits: { maxPathYears: 200 * perSample } });
    const over = await post(capped, '/api/backtest', { scenario: 'baseline', samples: 201 });
    expect(over.statusCode).toBe(400);
    expect(errorOf(over)).toMatchObject({ code: 'work-limit', issues: [{ path: ['samples'] }] });
    expect(errorOf(over).message).toMatch(
      new RegExp(`^samples × projected years × runs \\(2 per origin \\+ the projection\\) = 201 × 5 × ${runs} = ${201 * perSample} is over .*; ask for at most 200 samples`),
    );
    expect((await post(capped, '/api/backtest', { scenario: 'baseline', samples: 200 })).statusCode).toBe(200);
    // fewer origins and horizons leave room for more samples
    expect((await post(capped, '/api/backtest', { scenario: 'baseline', origins: { from: 2022, to: 2023 }, horizons: { from: 1, to: 2 }, samples: 1_000 })).statusCode).toBe(200);
    await capped.close();
  });
});
