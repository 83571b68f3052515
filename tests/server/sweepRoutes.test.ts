import { afterAll, describe, expect, it } from 'vitest';
import { sweepResultSchema } from '../../src/analysis/sweep.js';
import { buildApp } from '../../src/server/app.js';
import { tradecast } from '../cli/cliHarness.js';
import { post } from './serverHarness.js';

const app = buildApp();
afterAll(() => app.close());

describe('POST /api/sweeps and tradecast sweep', () => {
  it('answers with exactly the bytes of `tradecast sweep --format json`, and the command prints a table', async () => {
    const args = [
      'sweep',
      'baseline',
      '--grid',
      'oilLongRun=50..70:20',
      '--grid',
      'westernWedge=0..0.2:0.2',
      '--output',
      'share.cars.china@2028',
      '--paths',
      '500',
      '--seed',
      '4',
      '--set',
      'paymentFriction=0.1',
      '--no-progress',
    ];
    const [json, table] = await Promise.all([tradecast([...args, '--format', 'json']), tradecast(args)]);
    expect(json.code, json.stderr).toBe(0);
    const answer = await post(app, '/api/sweeps', {
      scenario: 'baseline',
      overrides: { paymentFriction: 0.1 },
      grid: [
        { knob: 'oilLongRun', from: 50, to: 70, step: 20 },
        { knob: 'westernWedge', from: 0, to: 0.2, step: 0.2 },
      ],
      output: 'share.cars.china@2028',
      paths: 500,
      seed: 4,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBe(json.stdout);
    expect(sweepResultSchema.strict().safeParse(answer.json()).error?.issues).toBeUndefined();
    expect(table.stdout).toMatch(/median share\.cars\.china@2028 \(fraction\)\n\s+oilLongRun \\ westernWedge\s+0\s+0\.2\n\s+50 /);
    expect(table.stdout).toMatch(/P\(turnover-300bn-2030\)/);
  });

  it('400 naming the field for an unknown knob, and exit 2 from the command line for a malformed grid', async () => {
    const answer = await post(app, '/api/sweeps', { scenario: 'baseline', grid: [{ knob: 'nope', from: 0, to: 1, step: 1 }], paths: 10 });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toMatch(/grid.*knob|nope/);
    const cli = await tradecast(['sweep', 'baseline', '--grid', 'oilLongRun=50-90']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--grid oilLongRun=50-90: expected knob=FROM\.\.TO:STEP/);
  });
});
