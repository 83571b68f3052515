import { compileExpression } from '../expression.js';
import type { Knob } from '../scenarioSchema.js';

/** Where a problem lies in the scenario: a field path. */
export type FieldPath = readonly (string | number)[];

/** Reports a problem at a field; the plan's parts report into one list, in the order they run. */
export type ReportProblem = (path: FieldPath, message: string) => void;

/** A check of a value: null if admissible, else what is wrong with it. */
export type ValueCheck = (value: number) => string | null;

/** The knobs of a scenario and the evaluation of a number or an expression of them. */
export interface KnobScope {
  readonly names: readonly string[];
  readonly values: readonly number[];
  readonly index: ReadonlyMap<string, number>;
  /** the knob names, for messages about unknown names */
  readonly known: string;
  /**
   * A field's number: the number itself or the expression of the knobs evaluated once, checked
   * (finite, then `check`). A problem is reported at `path` and gives NaN, so that later checks
   * that use it stay quiet.
   */
  numberAt(value: number | string, path: FieldPath, check?: ValueCheck): number;
}

/** Knobs, then every expression of the knobs: the first part of compiling a plan. */
export function knobScope(knobs: Readonly<Record<string, Knob>>, problem: ReportProblem): KnobScope {
  const names = Object.keys(knobs);
  const values = names.map((name) => knobs[name]!.value);
  const index = new Map(names.map((name, i) => [name, i]));
  const known = `${names.join(', ') || '(no knobs)'}`;
  const numberAt = (value: number | string, path: FieldPath, check?: ValueCheck): number => {
    let result: number;
    if (typeof value === 'number') result = value;
    else {
      const compiled = compileExpression(value, (name) => index.has(name), known);
      if (!compiled.ok) {
        problem(path, compiled.message);
        return NaN;
      }
      const { symbols, evaluate } = compiled.expression;
      result = evaluate(symbols.map((s) => values[index.get(s)!]!));
    }
    if (!Number.isFinite(result)) {
      problem(path, `evaluates to ${result}; expected a finite number`);
      return NaN;
    }
    const complaint = check?.(result);
    if (complaint) {
      problem(path, `${complaint} (got ${result})`);
      return NaN; // reported: later checks that use it stay quiet
    }
    return result;
  };
  return { names, values, index, known, numberAt };
}
