import { z } from 'zod';
import { seriesOf } from '../core/simulationOutput.js';
import { prepareRun, type PreparedRun } from '../run/preparedRun.js';
import { runMemory, sizeFactors } from '../run/runCost.js';
import { SeriesSummarySchema } from '../run/simulationResult.js';
import type { WorkCount, WorkOutcome } from '../run/workCount.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import { resolveInMemory } from '../scenario/resolveInMemory.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import { VERSION } from '../version.js';
import { CANCELLED, type AnalysisContext, type AnalysisOutcome } from './analysisContext.js';
import { computeFromRequest, scenarioAtTopLevel, workFromRequest, type AnalysisDescriptor } from './analysisDescriptor.js';
import { MAX_SWEEP_POINTS } from './defaults.js';
import { horizonSchema, pathsSchema, seedSchema } from './requestFields.js';
import { overridesSchema, scenarioReferenceSchema } from './scenarioReference.js';

/**
 * A scenario over a grid of one or two knobs: every point a run with the same seed and paths,
 * so path p draws the same shocks and parameters at every point (common random numbers) and
 * the differences between points are the knobs' doing, not noise. Reports one series in one
 * year (mean and percentiles) and every target's probability at each point. The points run
 * as many at once as the runner finds worth it (one here; many on a queue's workers); the
 * result does not depend on it.
 */
export const sweepAxisSchema = z
  .object({
    knob: z.string().min(1).max(100).describe('a knob of the scenario'),
    from: z.number().finite(),
    to: z.number().finite(),
    step: z.number().finite().positive(),
  })
  .strict();

export const sweepRequestSchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: overridesSchema.optional().describe('knob or field overrides at every point, as `--set`'),
    grid: z.array(sweepAxisSchema).min(1).max(2).describe('one or two knobs, each from..to by step (both ends included)'),
    output: z.string().max(200).optional().describe('series@year shown at each point (default: turnover in the horizon year)'),
    paths: pathsSchema.optional().describe("Monte Carlo paths at each point (default: the scenario's run.paths, else 10000); paths × projected years × points is capped per request."),
    seed: seedSchema.optional(),
    horizon: horizonSchema.optional(),
  })
  .strict();
export type SweepRequest = z.infer<typeof sweepRequestSchema>;
export type SweepAxis = z.infer<typeof sweepAxisSchema>;

const statisticsSchema = SeriesSummarySchema.pick({ unit: true }).extend({ mean: z.number(), p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() });

export const sweepResultSchema = z.object({
  kind: z.literal('sweep'),
  version: z.string(),
  scenario: z.string(),
  seed: z.number().int(),
  paths: z.number().int(),
  horizon: z.number().int(),
  output: z.object({ series: z.string(), year: z.number().int() }),
  knobs: z.array(z.object({ name: z.string(), values: z.array(z.number()) })),
  targets: z.array(z.object({ id: z.string(), label: z.string(), year: z.number().int() })),
  points: z.array(
    z.object({
      knobs: z.record(z.string(), z.number()).describe('the knobs at this point'),
      inputHash: z.string(),
      output: statisticsSchema,
      targets: z.array(z.object({ id: z.string(), probability: z.number().nullable(), standardError: z.number().nullable() })),
    }),
  ),
});
export type SweepResult = z.infer<typeof sweepResultSchema>;

export interface SweepOptions {
  readonly grid: readonly SweepAxis[];
  /** series@year; default turnover in the horizon year */
  readonly output?: string;
  readonly paths?: number;
  readonly seed?: number;
  readonly horizon?: number;
}

type Planned =
  | {
      readonly ok: true;
      readonly runs: PreparedRun[];
      readonly knobs: { name: string; values: number[] }[];
      readonly points: Record<string, number>[];
      readonly output: { series: string; year: number };
    }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** The grid's values of one axis: from, from + step, … up to `to` (within a millionth of a step). */
export function axisValues(axis: SweepAxis): number[] {
  const count = Math.floor((axis.to - axis.from) / axis.step + 1e-6) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => axis.from + i * axis.step);
}

/** Every point's prepared run, checked before any runs: knobs, grid size, output. */
export function planSweep(resolved: ResolvedScenario, options: SweepOptions): Planned {
  const issues: ScenarioIssue[] = [];
  const knobNames = Object.keys(resolved.scenario.knobs);
  options.grid.forEach((axis, i) => {
    if (!knobNames.includes(axis.knob)) issues.push({ path: ['grid', i, 'knob'], message: `"${axis.knob}" is not a knob of ${resolved.id}; its knobs: ${knobNames.join(', ') || 'none'}` });
    if (!(axis.to >= axis.from)) issues.push({ path: ['grid', i, 'to'], message: `expected to ≥ from (${axis.from}), got ${axis.to}` });
  });
  if (new Set(options.grid.map((axis) => axis.knob)).size < options.grid.length) issues.push({ path: ['grid', 1, 'knob'], message: 'the two axes name the same knob' });
  const knobs = options.grid.map((axis) => ({ name: axis.knob, values: axisValues(axis) }));
  const size = knobs.reduce((n, knob) => n * knob.values.length, 1);
  if (size > MAX_SWEEP_POINTS) issues.push({ path: ['grid'], message: `the grid has ${size} points; at most ${MAX_SWEEP_POINTS} (take a larger step)` });
  if (issues.length > 0) return { ok: false, issues };
  const points: Record<string, number>[] = knobs.reduce<Record<string, number>[]>((acc, knob) => acc.flatMap((point) => knob.values.map((value) => ({ ...point, [knob.name]: value }))), [{}]);
  const runs: PreparedRun[] = [];
  for (const point of points) {
    const moved = resolveInMemory(resolved.id, resolved.scenario, resolved.history, point);
    if (!moved.ok) return { ok: false, issues: moved.issues.map((issue) => ({ ...issue, message: `at ${describePoint(point)}: ${issue.message}` })) };
    const prepared = prepareRun(moved.resolved, {
      ...(options.paths === undefined ? {} : { paths: options.paths }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.horizon === undefined ? {} : { horizon: options.horizon }),
    });
    if (!prepared.ok) return { ok: false, issues: prepared.issues.map((issue) => ({ ...issue, message: `at ${describePoint(point)}: ${issue.message}` })) };
    runs.push(prepared.run);
  }
  const output = parseOutput(options.output, runs[0]!);
  if (!output.ok) return output;
  return { ok: true, runs, knobs, points, output: output.output };
}

function describePoint(point: Record<string, number>): string {
  return Object.entries(point)
    .map(([knob, value]) => `${knob}=${value}`)
    .join(', ');
}

function parseOutput(text: string | undefined, run: PreparedRun): { ok: true; output: { series: string; year: number } } | { ok: false; issues: ScenarioIssue[] } {
  if (text === undefined) return { ok: true, output: { series: 'turnover', year: run.horizon } };
  const match = /^([A-Za-z][A-Za-z0-9_.]*)@(\d{4})$/.exec(text.trim());
  if (!match) return { ok: false, issues: [{ path: ['output'], message: `expected <series>@<year>, e.g. turnover@2030 or share.cars.china@2028, got "${text}"` }] };
  const year = Number(match[2]);
  const known = seriesOf(run.plan).map((series) => series.name);
  if (!known.includes(match[1]!)) return { ok: false, issues: [{ path: ['output'], message: `unknown series "${match[1]}"; known: ${known.join(', ')}` }] };
  if (!run.plan.years.includes(year)) return { ok: false, issues: [{ path: ['output'], message: `${year} is not a projected year (${run.plan.years[0]}–${run.horizon})` }] };
  return { ok: true, output: { series: match[1]!, year } };
}

/** The work of a sweep: paths × projected years × points. */
export function sweepWork(planned: Extract<Planned, { ok: true }>): WorkCount {
  const run = planned.runs[0]!;
  // points run one at a time here (several at once only on a queue, whose workers hold them)
  return { field: 'paths', value: run.paths, factors: [['projected years', run.plan.years.length], ...sizeFactors(run.plan), ['grid points', planned.runs.length]], memory: runMemory(run) };
}

export async function sweepScenario(resolved: ResolvedScenario, options: SweepOptions, context: AnalysisContext): Promise<AnalysisOutcome<SweepResult>> {
  const planned = planSweep(resolved, options);
  if (!planned.ok) return planned;
  const { runs, knobs, points, output } = planned;
  const first = runs[0]!;
  const results: SweepResult['points'] = new Array(runs.length);
  const done = new Float64Array(runs.length);
  const report = () => context.onProgress?.({ stage: `sweeping ${resolved.id}`, done: done.reduce((a, b) => a + b, 0), total: runs.length * first.paths });
  let next = 0;
  let failure: AnalysisOutcome<SweepResult> | undefined;
  // as many points at once as the runner finds worth it; each lands in its own place
  const lane = async () => {
    while (next < runs.length && !failure) {
      const i = next++;
      const run = runs[i]!;
      const outcome = await context.runner.run(run, {
        ...(context.signal ? { signal: context.signal } : {}),
        onProgress: (progress) => {
          done[i] = progress.done;
          report();
        },
      });
      if (!outcome.ok) {
        failure = outcome.failure.kind === 'cancelled' ? CANCELLED : { ok: false, failure: outcome.failure };
        return;
      }
      const { result } = outcome;
      const summary = result.series[output.series];
      if (!summary) {
        failure = { ok: false, issues: [{ path: ['output'], message: `unknown series "${output.series}"; known: ${Object.keys(result.series).join(', ')}` }] };
        return;
      }
      const y = result.years.indexOf(output.year);
      results[i] = {
        knobs: points[i]!,
        inputHash: result.inputHash,
        output: { unit: summary.unit, mean: summary.mean[y]!, p5: summary.p5[y]!, p25: summary.p25[y]!, p50: summary.p50[y]!, p75: summary.p75[y]!, p95: summary.p95[y]! },
        targets: result.targets.map((target) => ({ id: target.id, probability: target.probability, standardError: target.standardError })),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(runs.length, Math.max(1, context.runner.runsInFlight)) }, lane));
  if (failure) return failure;
  return {
    ok: true,
    result: {
      kind: 'sweep',
      version: VERSION,
      scenario: resolved.id,
      seed: first.seed,
      paths: first.paths,
      horizon: first.horizon,
      output,
      knobs,
      targets: first.targets.map((target) => ({ id: target.id, label: target.label, year: target.year })),
      points: results,
    },
  };
}

/** A sweep for a parsed `POST /api/sweeps` body and its resolved scenario. */
export function sweepFromRequest(request: SweepRequest, resolved: ResolvedScenario, context: AnalysisContext): Promise<AnalysisOutcome<SweepResult>> {
  return computeFromRequest(sweepAnalysis, request, [resolved], context);
}

export function sweepWorkFromRequest(request: SweepRequest, resolved: ResolvedScenario): WorkOutcome {
  return workFromRequest(sweepAnalysis, request, [resolved]);
}

/** The work of a sweep of `resolved` (or why it cannot run), before anything runs. */
export function sweepWorkOf(resolved: ResolvedScenario, options: SweepOptions): WorkOutcome {
  const planned = planSweep(resolved, options);
  return planned.ok ? { ok: true, work: sweepWork(planned) } : planned;
}

function sweepOptionsOf(request: SweepRequest): SweepOptions {
  const { grid, output, paths, seed, horizon } = request;
  return { grid, ...(output === undefined ? {} : { output }), ...(paths === undefined ? {} : { paths }), ...(seed === undefined ? {} : { seed }), ...(horizon === undefined ? {} : { horizon }) };
}

/** A sweep, as `tradecast sweep` and `POST /api/sweeps` run it. */
export const sweepAnalysis: AnalysisDescriptor<SweepRequest, ResolvedScenario, SweepOptions, SweepResult, typeof sweepRequestSchema> = {
  command: 'sweep',
  what: 'sweep',
  field: 'paths',
  unit: 'paths',
  request: sweepRequestSchema,
  result: sweepResultSchema,
  scenarios: scenarioAtTopLevel,
  fromRequest: (body, [resolved]) => ({ ok: true, inputs: resolved!, options: sweepOptionsOf(body) }),
  work: sweepWorkOf,
  compute: sweepScenario,
};
