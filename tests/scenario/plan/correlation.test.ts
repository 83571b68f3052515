import { describe, expect, it } from 'vitest';
import { SHOCK_COUNT } from '../../../src/core/modelPlan.js';
import { compileCorrelation } from '../../../src/scenario/plan/correlation.js';
import { problems } from './planParts.js';

describe('plan part: the shocks’ correlation (compileCorrelation)', () => {
  it('gives the lower Cholesky factor of a positive definite matrix', () => {
    const { problem, issues } = problems();
    const r = 0.6;
    const matrix = [
      [1, r, 0, 0],
      [r, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ];
    const factor = compileCorrelation({ matrix, source: 'test' }, problem);
    expect(issues).toEqual([]);
    expect(factor).toHaveLength(SHOCK_COUNT * SHOCK_COUNT);
    expect(factor[0]).toBe(1);
    expect(factor[1 * SHOCK_COUNT + 0]).toBeCloseTo(r, 15);
    expect(factor[1 * SHOCK_COUNT + 1]).toBeCloseTo(Math.sqrt(1 - r * r), 15);
    expect(factor[0 * SHOCK_COUNT + 1]).toBe(0);
  });

  it('reports a matrix that is not positive definite, naming the shock at the failing pivot', () => {
    const { problem, issues } = problems();
    const matrix = [
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ];
    expect(Array.from(compileCorrelation({ matrix, source: 'test' }, problem))).toEqual(new Array(SHOCK_COUNT * SHOCK_COUNT).fill(0));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['correlation', 'matrix']);
    expect(issues[0]!.message).toMatch(/^not positive definite \(pivot 1, rouble, is /);
  });
});
