import { describe, expect, it } from 'vitest';
import { changedInputs, sameNumbers } from '../../src/analysis/changedInputs.js';
import { coalitionScenario } from '../../src/analysis/coalitionScenario.js';
import { compareScenarios } from '../../src/analysis/compare.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import type { ResolvedScenario } from '../../src/scenario/loadScenario.js';
import { resolveInMemory } from '../../src/scenario/resolveInMemory.js';
import { onCallingThread, shipped } from '../helpers.js';

function edited(edit: (scenario: Record<string, any>) => void): ResolvedScenario {
  const base = shipped('baseline');
  const scenario = structuredClone(base.scenario) as unknown as Record<string, any>;
  edit(scenario);
  const resolved = resolveInMemory('edited', scenario, base.history);
  if (!resolved.ok) throw new Error(resolved.issues[0]!.message);
  return resolved.resolved;
}

function inputsOf(a: ResolvedScenario, b: ResolvedScenario) {
  const found = changedInputs(a, b, 8);
  if (!found.ok) throw new Error(found.issues[0]!.message);
  return found.inputs;
}

describe('coalitionScenario', () => {
  const baseline = shipped('baseline');
  const escalation = shipped('escalation');
  const inputs = inputsOf(baseline, escalation);

  it('is A with no input switched and B, in every number, with all of them', () => {
    const none = coalitionScenario(baseline, escalation, inputs, 0);
    const all = coalitionScenario(baseline, escalation, inputs, (1 << inputs.length) - 1);
    if (!none.ok || !all.ok) throw new Error('a mixture failed');
    expect(none.resolved.scenario).toEqual(baseline.scenario);
    expect(sameNumbers(all.resolved.scenario.regimes, escalation.scenario.regimes)).toBe(true);
    expect(all.resolved.scenario.knobs).toEqual(escalation.scenario.knobs);
  });

  it('switches exactly the inputs of the mask', () => {
    const knob = inputs.findIndex((input) => input.input === 'knobs.westernWedge');
    const mixed = coalitionScenario(baseline, escalation, inputs, 1 << knob);
    if (!mixed.ok) throw new Error('the mixture failed');
    expect(mixed.resolved.scenario.knobs.westernWedge!.value).toBe(escalation.scenario.knobs.westernWedge!.value);
    expect(mixed.resolved.scenario.regimes).toEqual(baseline.scenario.regimes);
  });

  it('carries a knob only B declares into every mixture, so B’s fields that read it compile', () => {
    const withKnob = edited((s) => {
      s.knobs.capShift = { value: 0.1, min: 0, max: 0.5, unit: 'fraction', label: 'Cap shift', source: 'test' };
      s.regimes.states.thaw.westernCap = '0.5 + capShift';
    });
    const found = inputsOf(baseline, withKnob);
    expect(found.map((input) => input.input)).toEqual(['regimes.states.thaw.westernCap']);
    const all = coalitionScenario(baseline, withKnob, found, 1);
    expect(all.ok && prepareRun(all.resolved, { paths: 1 }).ok).toBe(true);
  });

  it('makes mixtures the model may refuse, and explain then names the inputs that only work together', async () => {
    const a = edited((s) => {
      s.knobs.cap = { value: 0.5, min: 0, max: 1, unit: 'fraction', label: 'Cap', source: 'test' };
      s.regimes.states.thaw.westernCap = 'cap';
    });
    const b = edited((s) => {
      s.knobs.cap = { value: 2, min: 0, max: 4, unit: 'fraction', label: 'Cap', source: 'test' };
      s.regimes.states.thaw.westernCap = 'cap / 4';
    });
    const found = inputsOf(a, b);
    const knobOnly = coalitionScenario(a, b, found, 1 << found.findIndex((input) => input.input === 'knobs.cap'));
    // a valid scenario, but a Western cap of 2 cannot be compiled
    expect(knobOnly.ok && prepareRun(knobOnly.resolved, { paths: 1 }).ok).toBe(false);
    const outcome = await compareScenarios([{ resolved: a }, { resolved: b }], { paths: 20, explain: {} }, onCallingThread);
    expect(!outcome.ok && 'issues' in outcome && outcome.issues[0]).toMatchObject({
      path: ['explain'],
      message: expect.stringMatching(/^edited with knobs\.cap from edited cannot run \(regimes\.states\.thaw\.westernCap: must lie in \(0, 1\].*these inputs only make sense together$/),
    });
  });
});
