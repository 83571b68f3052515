import { describe, expect, it } from 'vitest';
import { log1p } from '../../../src/core/log1p.js';
import { compileRegimes } from '../../../src/scenario/plan/regimes.js';
import { RegimeSchema, type Scenario } from '../../../src/scenario/scenarioSchema.js';
import { knobsOf, problems } from './planParts.js';

const regime = (fields: Record<string, unknown>) => RegimeSchema.parse({ label: 'r', sanctionsIntensity: 1, westernCap: 1, paymentFriction: 0, ...fields });
const regimesOf = (initial: string, states: Record<string, ReturnType<typeof regime>>): Scenario['regimes'] => ({ initial, source: 'test', states });

describe('plan part: regimes (compileRegimes)', () => {
  it('accumulates each row of transition probabilities (a regime left out: 0), the last exactly 1', () => {
    const { problem, issues } = problems();
    const regimes = regimesOf('calm', {
      calm: regime({ transition: { calm: 0.9, tense: 'stay' } }),
      tense: regime({ transition: { calm: 0.3, tense: 0.7 }, sanctionsIntensity: 2, westernCap: 0.5, paymentFriction: 0.1, entryJump: { exports: -0.1 } }),
    });
    const compiled = compileRegimes(regimes, ['calm', 'tense'], knobsOf({ stay: 0.1 }, problem), problem);
    expect(issues).toEqual([]);
    expect(Array.from(compiled.transitionCumulative)).toEqual([0.9, 1, 0.3, 1]);
    expect(Array.from(compiled.westernCap)).toEqual([1, 0.5]);
    expect(Array.from(compiled.intensity)).toEqual([1, 2]);
    expect(Array.from(compiled.friction)).toEqual([0, 0.1]);
    expect(Array.from(compiled.entryJumpExports)).toEqual([0, -0.1]);
    expect(Array.from(compiled.entryJumpImports)).toEqual([0, 0]);
    expect(compiled.initialRegime).toBe(0);
    // the friction factor is relative to the initial regime's
    expect(Array.from(compiled.logFrictionFactor)).toEqual([0, log1p(-0.1)]);
  });

  it('starts in the initial regime and measures friction from it', () => {
    const regimes = regimesOf('tense', { calm: regime({ transition: { calm: 1 } }), tense: regime({ transition: { tense: 1 }, paymentFriction: 0.2 }) });
    const compiled = compileRegimes(
      regimes,
      ['calm', 'tense'],
      knobsOf({}, () => {}),
      () => {},
    );
    expect(compiled.initialRegime).toBe(1);
    expect(Array.from(compiled.logFrictionFactor)).toEqual([-log1p(-0.2), 0]);
  });

  it('reports probabilities outside [0, 1], rows that do not sum to 1, and caps, frictions and intensities out of range', () => {
    const { problem, issues } = problems();
    const regimes = regimesOf('a', {
      a: regime({ transition: { a: 0.5, b: 0.4 } }),
      b: regime({ transition: { a: 1.5 }, westernCap: 0, paymentFriction: 1, sanctionsIntensity: -1 }),
    });
    compileRegimes(regimes, ['a', 'b'], knobsOf({}, problem), problem);
    expect(issues).toEqual([
      { path: ['regimes', 'states', 'a', 'transition'], message: 'probabilities sum to 0.9, expected 1' },
      { path: ['regimes', 'states', 'b', 'transition', 'a'], message: 'a probability must lie in [0, 1] (got 1.5)' },
      { path: ['regimes', 'states', 'b', 'westernCap'], message: 'must lie in (0, 1] (got 0)' },
      { path: ['regimes', 'states', 'b', 'paymentFriction'], message: 'must lie in [0, 1) (got 1)' },
      { path: ['regimes', 'states', 'b', 'sanctionsIntensity'], message: 'must be ≥ 0 (got -1)' },
    ]);
  });

  it('reads only a regime’s own transition entries (a regime named toString finds no inherited one)', () => {
    const { problem, issues } = problems();
    const regimes = regimesOf('toString', { toString: regime({ transition: { valueOf: 1 } }), valueOf: regime({ transition: { valueOf: 1 } }) });
    const compiled = compileRegimes(regimes, ['toString', 'valueOf'], knobsOf({}, problem), problem);
    expect(issues).toEqual([]);
    expect(Array.from(compiled.transitionCumulative)).toEqual([0, 1, 0, 1]);
  });
});
