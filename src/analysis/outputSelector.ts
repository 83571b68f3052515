import type { ModelPlan } from '../core/modelPlan.js';
import { seriesOf, type SimulationOutput } from '../core/simulationOutput.js';
import type { CompiledTarget } from '../scenario/compilePlan.js';
import { MAX_EXPRESSION_LENGTH, compileExpression } from '../scenario/expression.js';
import type { Scenario } from '../scenario/scenarioSchema.js';

/**
 * One scalar output of a run, per path: a series in a year (`turnover@2030`,
 * `share.cars.china@2028`) or whether a target is met (`target:turnover-300bn-2030`, or one
 * written in place, `P(turnover >= 300)@2030`: 1 or 0; averaged over paths it is the target's
 * probability).
 */
export type OutputSpec =
  | { readonly kind: 'series'; readonly series: string; readonly year: number }
  | { readonly kind: 'target'; readonly id: string }
  /** a target written in place: `P(turnover >= 300)@2030`, 1 or 0 per path like a target */
  | { readonly kind: 'probability'; readonly expression: string; readonly year: number };

export type ParseOutputResult = { readonly ok: true; readonly spec: OutputSpec } | { readonly ok: false; readonly message: string };

/** Parses `series@year`, `target:<id>` or `P(expression)@year`. */
export function parseOutputSpec(text: string): ParseOutputResult {
  const trimmed = text.trim();
  if (trimmed.startsWith('target:')) {
    const id = trimmed.slice('target:'.length).trim();
    return id ? { ok: true, spec: { kind: 'target', id } } : { ok: false, message: 'expected target:<id>, e.g. target:turnover-300bn-2030' };
  }
  const probability = /^P\((.+)\)@(\d{4})$/.exec(trimmed);
  if (probability) {
    const expression = probability[1]!.trim();
    if (expression.length > MAX_EXPRESSION_LENGTH) return { ok: false, message: `the expression in P(…) is longer than ${MAX_EXPRESSION_LENGTH} characters` };
    return { ok: true, spec: { kind: 'probability', expression, year: Number(probability[2]) } };
  }
  const match = /^([A-Za-z][A-Za-z0-9_.]*)@(\d{4})$/.exec(trimmed);
  if (!match) return { ok: false, message: `expected <series>@<year> (e.g. turnover@2030, share.cars.china@2028), target:<id> or P(<expression>)@<year> (e.g. P(turnover>=300)@2030), got "${text}"` };
  return { ok: true, spec: { kind: 'series', series: match[1]!, year: Number(match[2]) } };
}

/** `turnover@2030`, `target:<id>` or `P(<expression>)@2030`: the text form of a spec. */
export function formatOutputSpec(spec: OutputSpec): string {
  switch (spec.kind) {
    case 'series':
      return `${spec.series}@${spec.year}`;
    case 'target':
      return `target:${spec.id}`;
    case 'probability':
      return `P(${spec.expression})@${spec.year}`;
  }
}

/** The calendar year an output is read in, so a run need not be simulated beyond it; null when the target is unknown. */
export function outputYear(spec: OutputSpec, scenario: Scenario): number | null {
  if (spec.kind !== 'target') return spec.year;
  return scenario.targets.find((t) => t.id === spec.id)?.year ?? null;
}

/** Reads one output's value on one path of a simulated output. */
export interface OutputReader {
  readonly spec: OutputSpec;
  readonly label: string;
  /** `USD bn`, `fraction`, or `probability` for a target */
  readonly unit: string;
  readonly year: number;
  read(output: SimulationOutput, path: number): number;
}

export type OutputReaderResult = { readonly ok: true; readonly reader: OutputReader } | { readonly ok: false; readonly message: string };

/** Checks a spec against a compiled plan and returns its reader. */
export function createOutputReader(plan: ModelPlan, targets: readonly CompiledTarget[], spec: OutputSpec): OutputReaderResult {
  if (spec.kind === 'series') {
    const series = seriesOf(plan);
    const s = series.findIndex((info) => info.name === spec.series);
    if (s < 0) return { ok: false, message: `unknown series "${spec.series}"; known: ${series.map((info) => info.name).join(', ')}` };
    const y = plan.years.indexOf(spec.year);
    if (y < 0) return { ok: false, message: `${spec.year} is not a projected year (${plan.years[0]}–${plan.years.at(-1)})` };
    return {
      ok: true,
      reader: {
        spec,
        label: `${spec.series} in ${spec.year}`,
        unit: series[s]!.unit,
        year: spec.year,
        read: (output, path) => output.values[s]![y * output.paths + path]!,
      },
    };
  }
  if (spec.kind === 'probability') {
    const series = seriesOf(plan).map((info) => info.name);
    const compiled = compileExpression(spec.expression, (name) => series.includes(name), series.join(', '));
    if (!compiled.ok) return { ok: false, message: `P(${spec.expression}): ${compiled.message}` };
    const y = plan.years.indexOf(spec.year);
    if (y < 0) return { ok: false, message: `${spec.year} is not a projected year (${plan.years[0]}–${plan.years.at(-1)})` };
    const target = {
      id: formatOutputSpec(spec),
      label: `P(${spec.expression}) in ${spec.year}`,
      year: spec.year,
      expression: compiled.expression,
      seriesIndex: compiled.expression.symbols.map((name) => series.indexOf(name)),
    };
    return { ok: true, reader: targetReader(target, y, spec) };
  }
  const target = targets.find((t) => t.id === spec.id);
  if (!target) return { ok: false, message: `unknown target "${spec.id}"; the scenario's targets: ${targets.map((t) => t.id).join(', ') || '(none)'}` };
  const y = plan.years.indexOf(target.year);
  if (y < 0) return { ok: false, message: `target "${spec.id}" is for ${target.year}, outside the projected years ${plan.years[0]}–${plan.years.at(-1)}` };
  return { ok: true, reader: targetReader(target, y, spec) };
}

/** 1 when the path meets the target in its year, else 0 (NaN counts as not met, as in run results). */
function targetReader(target: CompiledTarget, yearIndex: number, spec: OutputSpec): OutputReader {
  const scope = new Float64Array(target.seriesIndex.length);
  return {
    spec,
    label: target.label,
    unit: 'probability',
    year: target.year,
    read(output, path) {
      const cell = yearIndex * output.paths + path;
      for (let i = 0; i < scope.length; i++) scope[i] = output.values[target.seriesIndex[i]!]![cell]!;
      const value = target.expression.evaluate(scope);
      return value !== 0 && !Number.isNaN(value) ? 1 : 0;
    },
  };
}
