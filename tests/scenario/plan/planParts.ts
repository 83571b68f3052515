import { knobScope, type FieldPath, type KnobScope, type ReportProblem } from '../../../src/scenario/plan/knobExpressions.js';
import { KnobSchema } from '../../../src/scenario/scenarioSchema.js';

/** A problem sink for one plan part, and what it received. */
export function problems(): { readonly problem: ReportProblem; readonly issues: { path: FieldPath; message: string }[] } {
  const issues: { path: FieldPath; message: string }[] = [];
  return { problem: (path, message) => void issues.push({ path, message }), issues };
}

/** Knobs from name → value (each with a range wide enough to hold it), and the scope that evaluates them. */
export function knobsOf(values: Record<string, number>, problem: ReportProblem): KnobScope {
  const knobs = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, KnobSchema.parse({ value, min: -1e6, max: 1e6, unit: 'u', label: name, source: 'test' })]));
  return knobScope(knobs, problem);
}
