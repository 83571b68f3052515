import { afterAll, describe, expect, it } from 'vitest';
import { sensitivityResultSchema } from '../../src/analysis/sensitivity/sensitivity.js';
import { buildApp } from '../../src/server/app.js';
import { tradecast } from '../cli/cliHarness.js';
import { preparedRun, shipped } from '../helpers.js';
import { EXPLODING_SCENARIO, errorOf, post } from './serverHarness.js';

const app = buildApp();
afterAll(() => app.close());

const sensitivity = (body: unknown) => post(app, '/api/sensitivity', body);

describe('POST /api/sensitivity', () => {
  it('answers with exactly the bytes of `tradecast sensitivity --format json` for the same inputs (Morris by sector; Sobol of a target)', async () => {
    const [morrisCli, sobolCli] = await Promise.all([
      tradecast([
        'sensitivity',
        'baseline',
        '--method',
        'morris',
        '--samples',
        '4',
        '--output',
        'share.cars.china@2028',
        '--group',
        'sectors',
        '--resamples',
        '20',
        '--seed',
        '9',
        '--set',
        'oilLongRun=60',
        '--format',
        'json',
        '--no-progress',
      ]),
      tradecast(['sensitivity', 'baseline', '--target', 'turnover-300bn-2030', '--samples', '4', '--inner-paths', '8', '--resamples', '20', '--format', 'json', '--no-progress']),
    ]);
    expect(morrisCli.code, morrisCli.stderr).toBe(0);
    expect(sobolCli.code, sobolCli.stderr).toBe(0);
    const morris = await sensitivity({
      scenario: 'baseline',
      overrides: { oilLongRun: 60 },
      method: 'morris',
      samples: 4,
      output: 'share.cars.china@2028',
      grouping: 'sector',
      resamples: 20,
      seed: 9,
    });
    expect(morris.statusCode).toBe(200);
    expect(morris.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(morris.body).toBe(morrisCli.stdout);
    const sobol = await sensitivity({ scenario: 'baseline', output: 'target:turnover-300bn-2030', samples: 4, innerPaths: 8, resamples: 20 });
    expect(sobol.body).toBe(sobolCli.stdout);
    expect(sensitivityResultSchema.strict().safeParse(sobol.json()).error?.issues).toBeUndefined();
  });

  it('400 invalid-request naming the fields of a body that does not match the schema', async () => {
    const response = await sensitivity({ scenario: 'baseline', method: 'fast', samples: 1, innerPaths: 0, colour: 'red' });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('invalid-request');
    expect(error.issues!.map((issue) => issue.path)).toEqual(expect.arrayContaining([['method'], ['samples'], ['innerPaths']]));
  });

  it('400 invalid-request naming `output` when it does not parse or does not fit the scenario', async () => {
    for (const output of ['oil price in 2026', 'gdp@2030', 'turnover@2020', 'target:nope']) {
      const error = errorOf(await sensitivity({ scenario: 'baseline', output, samples: 4 }));
      expect(error, output).toMatchObject({ code: 'invalid-request', issues: [{ path: ['output'] }] });
    }
  });

  it('400 invalid-scenario for a scenario that does not validate, 404 for an unknown id', async () => {
    const inline = errorOf(await sensitivity({ scenario: { extends: 'baseline', knobs: { oilLongRun: { value: 500 } } } }));
    expect(inline).toMatchObject({ code: 'invalid-scenario', issues: [{ path: ['knobs', 'oilLongRun', 'value'], file: '(inline scenario)' }] });
    const unknown = await sensitivity({ scenario: 'atlantis' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('not-found');
  });

  it('422 model-failure when a valid scenario drives the output to Infinity', async () => {
    const response = await sensitivity({ scenario: EXPLODING_SCENARIO, method: 'morris', samples: 2 });
    expect(response.statusCode).toBe(422);
    expect(errorOf(response)).toMatchObject({ code: 'model-failure', message: expect.stringMatching(/NaN or Infinity in turnover for 2030/) });
  });

  it('400 work-limit naming samples: every evaluation’s inner paths and projected years count, and the bootstrap', async () => {
    // Sobol of turnover in 2030: k factors (the uncertain parameters and the shocks), k + 2 evaluations a sample, 2030 − origin years;
    // the bootstrap: resamples × (k + 1) steps a sample, 512 steps to a path-year
    const projected = 2030 - shipped('baseline').scenario.origin;
    const k = preparedRun(shipped('baseline'), { paths: 1 }).plan.parameters.filter((p) => p.distribution.dist !== 'fixed').length + 1;
    const e = k + 2;
    const limit = 10 * e * projected;
    const capped = buildApp({ limits: { maxPathYears: limit } });
    const over = await post(capped, '/api/sensitivity', { scenario: 'baseline', samples: 11, resamples: 10 });
    expect(over.statusCode).toBe(400);
    expect(errorOf(over)).toMatchObject({ code: 'work-limit', issues: [{ path: ['samples'] }] });
    expect(errorOf(over).message).toEqual(
      expect.stringMatching(
        new RegExp(
          `^samples × evaluations per sample \\(k \\+ 2\\) × inner paths × projected years = 11 × ${e} × 1 × ${projected} = ${11 * e * projected}, plus the bootstrap: samples × resamples × \\(k \\+ 1\\) ÷ 512 = 11 × 10 × ${k + 1} ÷ 512 = [\\d.]+; [\\d.]+ in all is over this server's limit of ${limit} per request; ask for at most 9 samples with the same evaluations per sample \\(k \\+ 2\\), inner paths and projected years$`,
        ),
      ),
    );
    expect((await post(capped, '/api/sensitivity', { scenario: 'baseline', samples: 10, resamples: 10 })).statusCode).toBe(400); // the bootstrap puts 10 samples over
    expect((await post(capped, '/api/sensitivity', { scenario: 'baseline', samples: 9, resamples: 10 })).statusCode).toBe(200);
    // a target's probability averages 64 inner paths per evaluation by default: those count too
    expect(errorOf(await post(capped, '/api/sensitivity', { scenario: 'baseline', output: 'target:turnover-300bn-2030', samples: 2 })).message).toMatch(
      new RegExp(` = 2 × ${e - 1} × 64 × ${projected} = `),
    );
    await capped.close();
  });
});
