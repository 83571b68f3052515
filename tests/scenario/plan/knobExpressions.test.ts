import { describe, expect, it } from 'vitest';
import { knobsOf, problems } from './planParts.js';

describe('plan part: knobs and their expressions (knobScope)', () => {
  it('lists the knobs in their order, with their values and indices', () => {
    const { problem, issues } = problems();
    const knobs = knobsOf({ b: 2, a: 0.5 }, problem);
    expect(knobs.names).toEqual(['b', 'a']);
    expect(knobs.values).toEqual([2, 0.5]);
    expect([...knobs.index]).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(knobs.known).toBe('b, a');
    expect(issues).toEqual([]);
  });

  it('passes numbers through and evaluates expressions of the knobs once', () => {
    const { problem, issues } = problems();
    const { numberAt } = knobsOf({ wedge: 0.25, oil: 60 }, problem);
    expect(numberAt(1.5, ['x'])).toBe(1.5);
    expect(numberAt('wedge * 4', ['x'])).toBe(1);
    expect(numberAt('oil / 2 + wedge', ['x'])).toBe(30.25);
    expect(issues).toEqual([]);
  });

  it('reports an unknown name with the knobs it may read, and gives NaN', () => {
    const { problem, issues } = problems();
    const { numberAt } = knobsOf({ wedge: 0.25 }, problem);
    expect(numberAt('wedje * 2', ['sectors', 'cars', 'market', 'value'])).toBeNaN();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['sectors', 'cars', 'market', 'value']);
    expect(issues[0]!.message).toContain('wedge');
    const none = problems();
    expect(knobsOf({}, none.problem).numberAt('anything', ['y'])).toBeNaN();
    expect(none.issues[0]!.message).toContain('(no knobs)');
  });

  it('reports a value that is not finite, and a value its check refuses, with the value', () => {
    const { problem, issues } = problems();
    const { numberAt } = knobsOf({ zero: 0 }, problem);
    expect(numberAt('1 / zero', ['a'])).toBeNaN();
    expect(numberAt(-2, ['b'], (v) => (v > 0 ? null : 'must be > 0'))).toBeNaN();
    expect(numberAt('zero + 3', ['c'], (v) => (v > 0 ? null : 'must be > 0'))).toBe(3);
    expect(issues).toEqual([
      { path: ['a'], message: 'evaluates to Infinity; expected a finite number' },
      { path: ['b'], message: 'must be > 0 (got -2)' },
    ]);
  });
});
