import { compileExpression, type CompiledExpression } from '../expression.js';
import type { Target } from '../scenarioSchema.js';
import type { ReportProblem } from './knobExpressions.js';

/** A target compiled to a per-path test. */
export interface CompiledTarget {
  readonly id: string;
  readonly label: string;
  readonly year: number;
  readonly expression: CompiledExpression;
  /** index of each of `expression.symbols` among the plan's series */
  readonly seriesIndex: readonly number[];
}

/** The targets: each expression compiled over the plan's series (`seriesNames`), each year after the origin. */
export function compileTargets(targets: readonly Target[], seriesNames: readonly string[], origin: number, problem: ReportProblem): CompiledTarget[] {
  const compiledTargets: CompiledTarget[] = [];
  targets.forEach((target, i) => {
    const compiled = compileExpression(target.expression, (name) => seriesNames.includes(name), 'turnover, exportsToChina, importsFromChina, oilPrice, rubPerCny, share.<sector>.<supplier>');
    if (!compiled.ok) {
      problem(['targets', i, 'expression'], compiled.message);
      return;
    }
    if (target.year <= origin) problem(['targets', i, 'year'], `year ${target.year} is not after the origin ${origin}`);
    compiledTargets.push({
      id: target.id,
      label: target.label,
      year: target.year,
      expression: compiled.expression,
      seriesIndex: compiled.expression.symbols.map((s) => seriesNames.indexOf(s)),
    });
  });
  return compiledTargets;
}
