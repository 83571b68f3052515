import { describe, expect, it } from 'vitest';
import { axisValues, sweepScenario } from '../../src/analysis/sweep.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import { onCallingThread, resultOf, shipped } from '../helpers.js';

describe('sweepScenario', () => {
  it('runs every point of the grid on the same random numbers: each point is the run with that knob set', async () => {
    const outcome = await sweepScenario(shipped('baseline'), { grid: [{ knob: 'oilLongRun', from: 50, to: 70, step: 10 }], paths: 800, seed: 3 }, onCallingThread);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { result } = outcome;
    expect(result.knobs).toEqual([{ name: 'oilLongRun', values: [50, 60, 70] }]);
    for (const [i, value] of [50, 60, 70].entries()) {
      const run = await resultOf(shipped('baseline', { oilLongRun: value }), { paths: 800, seed: 3 });
      const y = run.years.indexOf(2030);
      expect(result.points[i]!.output.p50).toBe(run.series.turnover!.p50[y]);
      expect(result.points[i]!.inputHash).toBe(run.inputHash);
      expect(result.points[i]!.targets.map((t) => t.probability)).toEqual(run.targets.map((t) => t.probability));
    }
    // a higher long-run oil price never lowers the median turnover on common random numbers
    const medians = result.points.map((p) => p.output.p50);
    expect(medians).toEqual([...medians].sort((a, b) => a - b));
  });

  it('crosses two knobs, the first down and the second across, and gives the same bytes however many points run at once', async () => {
    const options = {
      grid: [
        { knob: 'oilLongRun', from: 50, to: 70, step: 20 },
        { knob: 'westernWedge', from: 0, to: 0.2, step: 0.1 },
      ],
      paths: 300,
      seed: 1,
      output: 'share.cars.china@2028',
    };
    const one = await sweepScenario(shipped('baseline'), options, onCallingThread);
    const many = await sweepScenario(shipped('baseline'), options, { runner: { ...onCallingThread.runner, runsInFlight: 4 } });
    expect(one.ok && many.ok).toBe(true);
    if (!one.ok || !many.ok) return;
    expect(one.result.points.map((p) => p.knobs)).toEqual([
      { oilLongRun: 50, westernWedge: 0 },
      { oilLongRun: 50, westernWedge: 0.1 },
      { oilLongRun: 50, westernWedge: 0.2 },
      { oilLongRun: 70, westernWedge: 0 },
      { oilLongRun: 70, westernWedge: 0.1 },
      { oilLongRun: 70, westernWedge: 0.2 },
    ]);
    expect(serializeResult(many.result)).toBe(serializeResult(one.result));
  });

  it('refuses an unknown knob, a reversed range, too many points and an unknown output, naming the field', async () => {
    const cases = [
      { grid: [{ knob: 'oilPrice', from: 1, to: 2, step: 1 }], path: ['grid', 0, 'knob'], message: /not a knob of baseline; its knobs: .*oilLongRun/ },
      { grid: [{ knob: 'oilLongRun', from: 2, to: 1, step: 1 }], path: ['grid', 0, 'to'], message: /to ≥ from/ },
      { grid: [{ knob: 'oilLongRun', from: 0, to: 100, step: 0.1 }], path: ['grid'], message: /at most 400/ },
      { grid: [{ knob: 'oilLongRun', from: 50, to: 60, step: 10 }], output: 'tariffs@2030', path: ['output'], message: /unknown series "tariffs"/ },
    ];
    for (const { path, message, ...options } of cases) {
      const outcome = await sweepScenario(shipped('baseline'), { paths: 10, ...options }, onCallingThread);
      expect(outcome.ok).toBe(false);
      if (outcome.ok || !('issues' in outcome)) continue;
      expect(outcome.issues[0]!.path).toEqual(path);
      expect(outcome.issues[0]!.message).toMatch(message);
    }
  });

  it('takes both ends of an axis and steps that do not land exactly in binary', () => {
    expect(axisValues({ knob: 'k', from: 0, to: 0.3, step: 0.1 })).toHaveLength(4);
    expect(axisValues({ knob: 'k', from: 1, to: 1, step: 5 })).toEqual([1]);
  });
});
