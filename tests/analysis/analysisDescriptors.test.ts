import { describe, expect, it } from 'vitest';
import { workFromRequest } from '../../src/analysis/analysisDescriptor.js';
import { backtestAnalysis } from '../../src/analysis/backtest/backtest.js';
import { compareAnalysis } from '../../src/analysis/compare.js';
import { sensitivityAnalysis } from '../../src/analysis/sensitivity/sensitivity.js';
import { sweepAnalysis } from '../../src/analysis/sweep.js';
import { COMMANDS } from '../../src/cli/main.js';
import { COMPUTE_JOBS } from '../../src/server/computeJobs.js';
import { BacktestRequestSchema, CompareRequestSchema, SensitivityRequestSchema, SweepRequestSchema } from '../../src/server/schemas/analysisSchemas.js';
import { shipped } from '../helpers.js';

// One descriptor per analysis: its command and its route take the schemas, the work and the
// computation from it.

const ANALYSES = [
  { analysis: compareAnalysis, job: COMPUTE_JOBS.compare, route: CompareRequestSchema },
  { analysis: sensitivityAnalysis, job: COMPUTE_JOBS.sensitivity, route: SensitivityRequestSchema },
  { analysis: backtestAnalysis, job: COMPUTE_JOBS.backtest, route: BacktestRequestSchema },
  { analysis: sweepAnalysis, job: COMPUTE_JOBS.sweeps, route: SweepRequestSchema },
];

describe('analysis descriptors', () => {
  it.each(ANALYSES)('$analysis.command: a command of that name, and the server’s job takes its messages and units from the descriptor', ({ analysis, job }) => {
    expect(COMMANDS.map((command) => command.name)).toContain(analysis.command);
    expect({ what: job.what, field: job.field, unit: job.unit }).toEqual({ what: analysis.what, field: analysis.field, unit: analysis.unit });
  });

  it.each(ANALYSES)('$analysis.command: the route’s body schema is the descriptor’s, named for the OpenAPI document', ({ analysis, route }) => {
    // `.meta()` gives a named copy of the same checks: both refuse and accept alike
    expect(route.def).toEqual(analysis.request.def);
    const wrong = { scenario: 'baseline', colour: 'red' };
    expect(route.safeParse(wrong).success).toBe(false);
    expect(analysis.request.safeParse(wrong).success).toBe(false);
  });

  it('the server plans a body as the command line counts the same arguments', () => {
    const resolved = shipped('baseline');
    const body = sweepAnalysis.request.parse({ scenario: 'baseline', grid: [{ knob: 'westernWedge', from: 0, to: 0.5, step: 0.25 }], paths: 50, seed: 3 });
    const planned = COMPUTE_JOBS.sweeps.plan(body, [resolved]);
    const direct = sweepAnalysis.work(resolved, { grid: body.grid, paths: 50, seed: 3 });
    expect(planned.ok && direct.ok).toBe(true);
    if (planned.ok && direct.ok) expect(planned.work).toEqual(direct.work);
    expect(workFromRequest(sweepAnalysis, body, [resolved])).toEqual(direct);
    expect(planned.ok && planned.log).toEqual({ analysis: 'sweep', scenarios: ['baseline'], paths: 50 });
  });

  it('a body whose arguments do not parse is refused before any work is counted, with the issue at its field', () => {
    const resolved = shipped('baseline');
    const body = sensitivityAnalysis.request.parse({ scenario: 'baseline', output: 'oil price in 2026' });
    const planned = COMPUTE_JOBS.sensitivity.plan(body, [resolved]);
    expect(planned.ok).toBe(false);
    expect(!planned.ok && planned.problem).toMatchObject({ kind: 'invalid-request' });
    expect(workFromRequest(sensitivityAnalysis, body, [resolved])).toMatchObject({ ok: false, issues: [{ path: ['output'] }] });
  });
});
