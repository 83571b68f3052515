import { choleskyFactor } from '../../core/choleskyFactor.js';
import { SHOCK_COUNT } from '../../core/modelPlan.js';
import type { Scenario } from '../scenarioSchema.js';
import type { ReportProblem } from './knobExpressions.js';

/** The shocks' correlation as the engine uses it: its Cholesky factor (zeros if the matrix is not positive definite, which is reported). */
export function compileCorrelation(correlation: Scenario['correlation'], problem: ReportProblem): Float64Array {
  const cholesky = choleskyFactor(correlation.matrix.flat(), SHOCK_COUNT);
  if (!cholesky.ok) {
    problem(
      ['correlation', 'matrix'],
      `not positive definite (pivot ${cholesky.pivotIndex}, ${correlation.order?.[cholesky.pivotIndex] ?? ['oil', 'rouble', 'demand', 'exports'][cholesky.pivotIndex]}, is ${cholesky.pivot.toPrecision(3)}): no set of shocks can have these correlations`,
    );
  }
  return cholesky.ok ? cholesky.factor : new Float64Array(SHOCK_COUNT * SHOCK_COUNT);
}
