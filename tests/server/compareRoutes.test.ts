import { afterAll, describe, expect, it } from 'vitest';
import { compareResultSchema } from '../../src/analysis/compare.js';
import { buildApp } from '../../src/server/app.js';
import { tradecast } from '../cli/cliHarness.js';
import { shipped } from '../helpers.js';
import { EXPLODING_SCENARIO, errorOf, post } from './serverHarness.js';

const app = buildApp();
afterAll(() => app.close());

const compare = (body: unknown) => post(app, '/api/compare', body);

describe('POST /api/compare', () => {
  it('answers with exactly the bytes of `tradecast compare --format json` for the same inputs', async () => {
    const cli = await tradecast(['compare', 'baseline', 'thaw', 'escalation', '--paths', '300', '--seed', '5', '--horizon', '2027', '--set', 'westernWedge=0.5', '--format', 'json', '--no-progress']);
    expect(cli.code, cli.stderr).toBe(0);
    const overrides = { westernWedge: 0.5 };
    const response = await compare({ scenarios: ['baseline', 'thaw', 'escalation'].map((scenario) => ({ scenario, overrides })), paths: 300, seed: 5, horizon: 2027 });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe(cli.stdout);
  });

  it('compares inline scenarios under their labels, with a document the result schema describes', async () => {
    const response = await compare({
      scenarios: [
        { scenario: 'baseline', label: 'status quo' },
        { scenario: { extends: 'baseline', name: 'Cheap oil', knobs: { oilLongRun: { value: 50 } } }, label: 'cheap oil' },
      ],
      paths: 200,
    });
    expect(response.statusCode).toBe(200);
    const result = compareResultSchema.strict().parse(response.json());
    expect(result.comparisons[0]).toMatchObject({ reference: 'status quo', scenario: 'cheap oil' });
    expect(result.comparisons[0]!.series.oilPrice!.mean.at(-1)!).toBeLessThan(0);
  });

  it('400 invalid-request naming the fields of a body that does not match the schema', async () => {
    const response = await compare({ scenarios: [{ scenario: 'baseline' }], paths: 0, colour: 'red' });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('invalid-request');
    expect(error.issues!.map((issue) => issue.path)).toEqual(expect.arrayContaining([['scenarios'], ['paths']]));
    expect(errorOf(await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw', colour: 'red' }] })).issues![0]!.path).toEqual(['scenarios', 1, 'colour']);
  });

  it('400 invalid-scenario naming the scenario and field at fault, and 400 invalid-request when the scenarios cannot be paired', async () => {
    const override = errorOf(await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw', overrides: { westernWedge: 9 } }], paths: 10 }));
    expect(override).toMatchObject({ code: 'invalid-scenario', issues: [{ path: ['scenarios', 1, 'knobs', 'westernWedge', 'value'], file: 'overrides' }] });
    const moved = errorOf(await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: 'baseline', overrides: { origin: 2022 } }], paths: 10 }));
    expect(moved).toMatchObject({ code: 'invalid-request', issues: [{ path: ['origin'], message: expect.stringContaining('different origins') }] });
  });

  it('404 not-found for an unknown scenario id, wherever it stands', async () => {
    const response = await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: 'atlantis' }] });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toMatchObject({ code: 'not-found', message: expect.stringContaining('"atlantis"') });
  });

  it('422 model-failure when a valid scenario drives the model to Infinity', async () => {
    const response = await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: EXPLODING_SCENARIO }], paths: 50 });
    expect(response.statusCode).toBe(422);
    expect(errorOf(response)).toMatchObject({ code: 'model-failure', message: expect.stringMatching(/NaN or Infinity/) });
  });

  it('400 work-limit naming paths when paths × projected years × scenarios is over the cap', async () => {
    const projected = 2030 - shipped('baseline').scenario.origin;
    const capped = buildApp({ limits: { maxPathYears: 100 * projected * 2 } });
    const body = (paths: number, scenarios = 2) => ({ scenarios: Array.from({ length: scenarios }, () => ({ scenario: 'baseline' })), paths });
    const over = await post(capped, '/api/compare', body(101));
    expect(over.statusCode).toBe(400);
    const error = errorOf(over);
    expect(error).toMatchObject({ code: 'work-limit', issues: [{ path: ['paths'] }] });
    expect(error.message).toBe(
      `paths × projected years × scenarios = 101 × ${projected} × 2 = ${101 * projected * 2} is over this server's limit of ${100 * projected * 2} per request; ask for at most 100 paths with the same projected years and scenarios`,
    );
    expect((await post(capped, '/api/compare', body(100))).statusCode).toBe(200);
    // every scenario counts: three at 100 paths are over, and the default paths (10,000) of two are too
    expect(errorOf(await post(capped, '/api/compare', body(100, 3))).code).toBe('work-limit');
    expect(errorOf(await post(capped, '/api/compare', { scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw' }] })).message).toMatch(
      new RegExp(`^paths × projected years × scenarios = 10000 × ${projected} × 2`),
    );
    await capped.close();
  });
});

describe('POST /api/compare with explain', () => {
  it('answers with the attribution, byte-identical to `tradecast compare --explain --format json`', async () => {
    const cli = await tradecast(['compare', 'baseline', 'escalation', '--explain', '--output', 'turnover-300bn-2030', '--paths', '200', '--seed', '4', '--format', 'json', '--no-progress']);
    expect(cli.code, cli.stderr).toBe(0);
    const response = await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: 'escalation' }], paths: 200, seed: 4, explain: { output: 'turnover-300bn-2030' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(cli.stdout);
    const { explain } = compareResultSchema.strict().parse(response.json());
    expect(explain).toMatchObject({ output: 'target:turnover-300bn-2030', unit: 'probability', statistic: 'probability' });
    expect(explain!.parts.reduce((sum, part) => sum + part.contribution, 0)).toBe(explain!.total);
  });

  it('400 naming explain.output or explain when the attribution cannot be made, and counts the mixtures in the work', async () => {
    const bad = errorOf(await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw' }], paths: 50, explain: { output: 'turnover in 2030' } }));
    expect(bad).toMatchObject({ code: 'invalid-request', issues: [{ path: ['explain', 'output'] }] });
    const three = errorOf(await compare({ scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw' }, { scenario: 'escalation' }], paths: 50, explain: true }));
    expect(three).toMatchObject({ code: 'invalid-request', issues: [{ path: ['explain'], message: expect.stringContaining('exactly two scenarios') }] });
    const capped = buildApp({ limits: { maxPathYears: 10_000 } });
    const over = errorOf(
      await post(capped, '/api/compare', { scenarios: [{ scenario: 'baseline' }, { scenario: 'baseline', overrides: { oilLongRun: 50, westernWedge: 0.5 } }], paths: 500, explain: true }),
    );
    const { origin, horizon } = shipped('baseline').scenario;
    const years = horizon - origin;
    expect(over.message).toContain(`paths × projected years × runs (2 scenarios + 4 mixtures to explain) = 500 × ${years} × 6 = ${500 * years * 6} is over`);
    await capped.close();
  });
});
