import { describe, expect, it } from 'vitest';
import { changedInputs, sameNumbers } from '../../src/analysis/changedInputs.js';
import { resolveInMemory } from '../../src/scenario/resolveInMemory.js';
import type { ResolvedScenario } from '../../src/scenario/loadScenario.js';
import { shipped } from '../helpers.js';

const names = (a: ResolvedScenario, b: ResolvedScenario, most = 8) => {
  const found = changedInputs(a, b, most);
  if (!found.ok) throw new Error(found.issues[0]!.message);
  return { inputs: found.inputs.map((input) => input.input), grouping: found.grouping, found: found.inputs };
};

/** The baseline with a field written directly (as a file that extends it would). */
function edited(edit: (scenario: Record<string, any>) => void, overrides: Record<string, unknown> = {}): ResolvedScenario {
  const base = shipped('baseline', overrides);
  const scenario = structuredClone(base.scenario) as unknown as Record<string, any>;
  edit(scenario);
  const resolved = resolveInMemory('edited', scenario, base.history);
  if (!resolved.ok) throw new Error(resolved.issues[0]!.message);
  return resolved.resolved;
}

describe('changedInputs', () => {
  const baseline = shipped('baseline');

  it('finds nothing between a scenario and itself, nor when only sources, labels and descriptions differ', () => {
    expect(names(baseline, shipped('baseline')).inputs).toEqual([]);
    const reworded = edited((s) => {
      s.name = 'Other';
      s.oil.meanReversion.source = 'another source';
      s.sectors.cars.label = 'Cars';
      s.knobs.oilLongRun.label = 'Oil';
      s.knobs.oilLongRun.max = 150;
      s.run = { paths: 5 };
    });
    expect(names(baseline, reworded).inputs).toEqual([]);
  });

  it('names a changed knob with its two values, and a changed field by its path', () => {
    const knob = names(baseline, shipped('baseline', { oilLongRun: 50 }));
    expect(knob.found).toEqual([{ input: 'knobs.oilLongRun', kind: 'knob', paths: [['knobs', 'oilLongRun']], history: false, from: baseline.scenario.knobs.oilLongRun!.value, to: 50 }]);
    const field = names(baseline, shipped('baseline', { 'oil.meanReversion.max': 0.4, 'sectors.cars.importContent.value': 0.7, 'regimes.states.thaw.westernCap': 0.6 }));
    expect(field.inputs).toEqual(['oil.meanReversion', 'regimes.states.thaw.westernCap', 'sectors.cars.importContent']);
  });

  it('lists the same inputs in the same order either way round', () => {
    const escalation = shipped('escalation');
    expect(names(escalation, baseline).inputs).toEqual(names(baseline, escalation).inputs);
    expect(names(baseline, escalation).inputs).toEqual([...names(baseline, escalation).inputs].sort());
  });

  it('makes the regimes one input when the two declare different regimes, or the same in another order', () => {
    const reordered = edited((s) => {
      const { thaw, ...rest } = s.regimes.states;
      s.regimes.states = { thaw, ...rest };
    });
    expect(names(baseline, reordered).inputs).toEqual(['regimes']);
  });

  it('groups fields by block past the most allowed, then the knobs, then refuses', () => {
    const overrides = {
      'oil.meanReversion.max': 0.4,
      'oil.volatility.mean': 0.3,
      'rouble.drift.mean': 0.04,
      'rouble.volatility.mean': 0.1,
      'sectors.cars.importContent.value': 0.7,
      'sectors.cars.market.value': 45,
    };
    const many = shipped('baseline', { ...overrides, oilLongRun: 50, westernWedge: 0.2 });
    expect(names(baseline, many, 8).grouping).toBe('fields');
    expect(names(baseline, many, 5)).toMatchObject({ grouping: 'blocks', inputs: ['knobs.oilLongRun', 'knobs.westernWedge', 'oil', 'rouble', 'sectors.cars'] });
    expect(names(baseline, many, 4)).toMatchObject({ grouping: 'blocks and knobs', inputs: ['knobs', 'oil', 'rouble', 'sectors.cars'] });
    const refused = changedInputs(baseline, many, 3);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]).toMatchObject({ path: ['explain'], message: expect.stringMatching(/differ in 8 inputs .*still 4 .*at most 3 \(2\^3 runs\)/) });
  });

  it('compares numbers, lists and choices, not words', () => {
    expect(sameNumbers({ dist: 'normal', mean: 0, source: 'a' }, { dist: 'normal', mean: 0, source: 'b' })).toBe(true);
    expect(sameNumbers({ dist: 'normal', mean: 0 }, { dist: 'uniform', mean: 0 })).toBe(false);
    expect(sameNumbers([1, 2], [1, 2, 3])).toBe(false);
    expect(sameNumbers({ value: '0.1 * westernWedge' }, { value: '0.2 * westernWedge' })).toBe(false);
  });
});
