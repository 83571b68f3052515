import { z } from 'zod';
import { DEFAULT_PATHS, DEFAULT_SAMPLING, DEFAULT_SEED, SCENARIO_SIZE_SECTORS } from '../core/defaults.js';
import type { Sampling } from '../core/modelPlan.js';
import type { SimulationOutput } from '../core/simulationOutput.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import { VERSION } from '../version.js';
import { pairedSeries, pairedTargets, pairedDifferenceSchema, targetDifferenceSchema } from './pairedDifference.js';
import { describeOutcome } from '../run/outcomeWeights.js';
import { prepareRun, type PreparedRun } from '../run/preparedRun.js';
import type { CompiledOutcome } from '../scenario/compileObservations.js';
import { SeriesSummarySchema, TargetResultSchema } from '../run/simulationResult.js';
import { summariseOutput } from '../run/summariseOutput.js';
import { outputBytesPerPath, planBytes, planShape, scenarioSize } from '../run/runCost.js';
import type { Factor, WorkCount, WorkOutcome } from '../run/workCount.js';
import { CANCELLED, type AnalysisContext, type AnalysisOutcome } from './analysisContext.js';
import { computeFromRequest, workFromRequest, type AnalysisArguments, type AnalysisDescriptor } from './analysisDescriptor.js';
import { MAX_COMPARED_SCENARIOS } from './defaults.js';
import {
  explainDifference,
  explainOptionsFromRequest,
  explainRequestSchema,
  explainResultSchema,
  planExplain,
  type ExplainOptions,
  type ExplainPlan,
  type ExplainResult,
} from './explainDifference.js';
import { horizonSchema, pathsSchema, samplingSchema, seedSchema } from './requestFields.js';
import { scenarioEntrySchema } from './scenarioReference.js';

/** `POST /api/compare` body: two or more scenarios, run on the same random numbers. */
export { pairedDifferenceSchema, targetDifferenceSchema, type PairedDifference } from './pairedDifference.js';

export const compareRequestSchema = z
  .object({
    scenarios: z.array(scenarioEntrySchema).min(2).max(MAX_COMPARED_SCENARIOS).describe('the first is the reference A; each other one is compared with it'),
    paths: pathsSchema.optional().describe("Monte Carlo paths of every scenario (default: the first scenario's run.paths, else 10000); the work is capped per request."),
    seed: seedSchema.optional().describe("Master seed of every scenario (default: the first scenario's run.seed, else 2030)."),
    horizon: horizonSchema.optional().describe("Last projected year (default: the earliest of the scenarios' horizons)."),
    sampling: samplingSchema.optional().describe("independent or antithetic, for every scenario (default: the first scenario's run.sampling, else independent)"),
    explain: explainRequestSchema.optional(),
  })
  .strict();
export type CompareRequest = z.infer<typeof compareRequestSchema>;

export const compareResultSchema = z.object({
  kind: z.literal('compare'),
  version: z.string(),
  seed: z.number().int(),
  paths: z.number().int(),
  origin: z.number().int(),
  horizon: z.number().int(),
  years: z.array(z.number().int()),
  scenarios: z.array(
    z.object({
      label: z.string(),
      scenario: z.string(),
      name: z.string(),
      inputHash: z.string(),
      series: z.record(z.string(), SeriesSummarySchema),
      targets: z.array(TargetResultSchema),
    }),
  ),
  comparisons: z.array(
    z.object({
      reference: z.string().describe('label of A (the first scenario)'),
      scenario: z.string().describe('label of B'),
      series: z.record(z.string(), pairedDifferenceSchema).describe('B − A per path, for every series both scenarios have'),
      targets: z.array(targetDifferenceSchema).describe('targets with the same id and year in both'),
    }),
  ),
  explain: explainResultSchema.optional().describe('present when asked for: B − A of one output split between the inputs that differ'),
});
export type CompareResult = z.infer<typeof compareResultSchema>;

/** One scenario to compare, with the label it carries in the result. */
export interface CompareEntry {
  readonly resolved: ResolvedScenario;
  readonly label?: string;
}

export interface CompareOptions {
  readonly paths?: number;
  readonly seed?: number;
  readonly horizon?: number;
  readonly sampling?: Sampling;
  /** split B − A of one output between the inputs that differ (two scenarios only) */
  readonly explain?: ExplainOptions;
}

/**
 * Paired comparison (common random numbers): every scenario runs with the same seed, path
 * count and sampling, so path p draws the same shocks and the same parameter uniforms in each
 * (random numbers are keyed by seed, path, stream and year, `src/core/random.ts`; antithetic
 * pairs stay pairs in every scenario). Changing one knob
 * then changes path p only through that knob, and B − A per path isolates its effect: the
 * variance of the mean difference is Var(A) + Var(B) − 2Cov(A, B), far below the independent
 * runs' Var(A) + Var(B) when the scenarios are alike (Glasserman, "Monte Carlo Methods in
 * Financial Engineering", Springer 2003, §4.2 on common random numbers).
 * Reports progress as the scenarios simulate; returns their summaries and B − A for each B.
 */
export async function compareScenarios(entries: readonly CompareEntry[], options: CompareOptions, context: AnalysisContext): Promise<AnalysisOutcome<CompareResult>> {
  const prepared = prepareAll(entries, options);
  if (!prepared.ok) return prepared;
  const { runs, labels } = prepared;
  const explained = options.explain ? planCompareExplain(entries, options) : null;
  if (explained && !explained.ok) return explained;
  const outputs: SimulationOutput[] = [];
  for (const [i, run] of runs.entries()) {
    const simulated = await context.runner.simulate(run, {
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: (progress) => context.onProgress?.({ stage: `simulating ${labels[i]}`, done: i * run.paths + progress.done, total: runs.length * run.paths }),
    });
    if (!simulated.ok) return CANCELLED;
    outputs.push(simulated.output);
  }
  const scenarios: CompareResult['scenarios'] = [];
  for (const [i, run] of runs.entries()) {
    const built = summariseOutput(run, outputs[i]!);
    if (!built.ok) return built;
    const { result } = built;
    scenarios.push({ label: labels[i]!, scenario: run.id, name: result.name, inputHash: result.inputHash, series: result.series, targets: [...result.targets] });
  }
  const reference = runs[0]!;
  const comparisons = runs.slice(1).map((run, i) => ({
    reference: labels[0]!,
    scenario: labels[i + 1]!,
    series: pairedSeries(outputs[0]!, outputs[i + 1]!, reference.plan.sampling),
    targets: pairedTargets(reference, outputs[0]!, run, outputs[i + 1]!),
  }));
  const first = reference.plan;
  let explain: ExplainResult | undefined;
  if (explained) {
    const sizes = { paths: reference.paths, seed: reference.seed, horizon: reference.horizon, sampling: reference.plan.sampling };
    const outcome = await explainDifference(entries[0]!.resolved, entries[1]!.resolved, sizes, explained.plan, context);
    if (!outcome.ok) return outcome;
    explain = outcome.result;
  }
  return {
    ok: true,
    result: {
      kind: 'compare',
      version: VERSION,
      seed: reference.seed,
      paths: reference.paths,
      origin: first.originYear,
      horizon: reference.horizon,
      years: [...first.years],
      scenarios,
      comparisons,
      ...(explain === undefined ? {} : { explain }),
    },
  };
}

/** The attribution a comparison asks for: exactly two scenarios, and inputs that can be split. */
function planCompareExplain(
  entries: readonly CompareEntry[],
  options: CompareOptions,
): { readonly ok: true; readonly plan: ExplainPlan } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  if (entries.length !== 2) {
    return { ok: false, issues: [{ path: ['explain'], message: `explain splits B − A of one pair: give exactly two scenarios, got ${entries.length}` }] };
  }
  return planExplain(entries[0]!.resolved, entries[1]!.resolved, commonSizes(entries, options), options.explain ?? {});
}

/**
 * A comparison for a parsed `POST /api/compare` body. Its scenarios are resolved here, unless
 * the caller has resolved them already (`resolved`, in the body's order).
 */
export function compareFromRequest(request: CompareRequest, resolved: readonly ResolvedScenario[] | undefined, context: AnalysisContext): Promise<AnalysisOutcome<CompareResult>> {
  return computeFromRequest(compareAnalysis, request, resolved, context);
}

/**
 * The work of a comparison: paths × projected years × scenarios (a scenario larger than the
 * shipped ones counts by its size), with an attribution × (scenarios + 2^k mixtures) instead;
 * and its memory: every scenario's paths are held until the differences are taken, plus a few
 * numbers per path while they are, and one number per path for each mixture explained.
 */
export function compareWork(entries: readonly CompareEntry[], options: CompareOptions = {}, explainRuns = 0): WorkCount {
  const { paths, horizon } = commonSizes(entries, options);
  const origin = Math.min(...entries.map((e) => e.resolved.scenario.origin));
  const shapes = entries.map((e) => planShape(e.resolved.scenario, horizon));
  const sizes = shapes.map(scenarioSize);
  const years = Math.max(0, horizon - origin);
  const sized = !sizes.every((size) => size === 1);
  const scenarioUnits = sizes.reduce((sum, size) => sum + size, 0);
  // a mixture is as large as the larger of the two scenarios it mixes
  const mixtureUnits = explainRuns * Math.max(...sizes);
  const runs: Factor =
    explainRuns === 0
      ? sized
        ? [`scenarios, each by its size (sectors ÷ ${SCENARIO_SIZE_SECTORS})`, scenarioUnits]
        : ['scenarios', entries.length]
      : [`runs (${entries.length} scenarios + ${explainRuns} mixtures to explain${sized ? `, each by its size (sectors ÷ ${SCENARIO_SIZE_SECTORS})` : ''})`, scenarioUnits + mixtureUnits];
  const memory = {
    fixedBytes: shapes.reduce((sum, shape) => sum + planBytes(shape), 0),
    bytesPerUnit: shapes.reduce((sum, shape) => sum + outputBytesPerPath(shape, years), 0) + PAIRING_BYTES_PER_PATH + explainRuns * Float64Array.BYTES_PER_ELEMENT,
  };
  return { field: 'paths', value: paths, factors: [['projected years', years], runs], memory };
}

/** What pairing holds per path besides the outputs: a percentile workspace, a difference, two target hits. */
const PAIRING_BYTES_PER_PATH = 4 * Float64Array.BYTES_PER_ELEMENT;

/** compareWork for a parsed `POST /api/compare` body and its resolved scenarios (in the body's order). */
export function compareWorkFromRequest(request: CompareRequest, resolved: readonly ResolvedScenario[]): WorkOutcome {
  return workFromRequest(compareAnalysis, request, resolved);
}

/** compareWork, counting the mixtures an attribution (`options.explain`) will run. */
export function compareWorkWithExplain(entries: readonly CompareEntry[], options: CompareOptions): WorkOutcome {
  if (!options.explain) return { ok: true, work: compareWork(entries, options) };
  const explained = planCompareExplain(entries, options);
  if (!explained.ok) return explained;
  return { ok: true, work: compareWork(entries, options, explained.plan.runs) };
}

type Prepared = { ok: true; runs: PreparedRun[]; labels: string[] } | { ok: false; issues: ScenarioIssue[] };

/** Fixes one seed, path count and horizon for all, and checks they project the same years. */
function prepareAll(entries: readonly CompareEntry[], options: CompareOptions): Prepared {
  if (entries.length < 2) return { ok: false, issues: [{ path: ['scenarios'], message: `compare needs at least two scenarios, got ${entries.length}` }] };
  if (entries.length > MAX_COMPARED_SCENARIOS) {
    return { ok: false, issues: [{ path: ['scenarios'], message: `at most ${MAX_COMPARED_SCENARIOS} scenarios in one comparison, got ${entries.length}` }] };
  }
  const origins = new Set(entries.map((e) => e.resolved.scenario.origin));
  if (origins.size > 1) {
    return {
      ok: false,
      issues: [
        {
          path: ['origin'],
          message: `the scenarios start from different origins (${entries.map((e) => `${e.resolved.id}: ${e.resolved.scenario.origin}`).join(', ')}); a paired comparison needs the same projected years`,
        },
      ],
    };
  }
  const { paths, seed, horizon, sampling } = commonSizes(entries, options);
  const runs: PreparedRun[] = [];
  const issues: ScenarioIssue[] = [];
  entries.forEach((entry, i) => {
    const prepared = prepareRun(entry.resolved, { paths, seed, horizon, sampling });
    if (!prepared.ok) issues.push(...prepared.issues.map((issue) => ({ ...issue, path: ['scenarios', i, ...issue.path] })));
    else if (prepared.run.outcomes.length > 0) issues.push(outcomesNotPaired(prepared.run.outcomes, ['scenarios', i, 'observe', prepared.run.outcomes[0]!.index], entry.resolved));
    else runs.push(prepared.run);
  });
  if (issues.length > 0) return { ok: false, issues };
  const labels = uniqueLabels(entries.map((e) => e.label ?? e.resolved.id));
  return { ok: true, runs, labels };
}

/**
 * Conditioning on an observed outcome resamples each scenario's paths by its own weights, so
 * path p of A and path p of B would no longer share their random numbers: a paired comparison
 * takes observed drivers (pinned alike in both), not outcomes.
 */
export function outcomesNotPaired(outcomes: readonly CompiledOutcome[], path: readonly (string | number)[], resolved: ResolvedScenario): ScenarioIssue {
  const names = outcomes.map(describeOutcome).join(', ');
  return {
    path,
    message: `${names}: an observed outcome weights each scenario's paths differently, so the paths would no longer be pairs; observe drivers here (oilPrice, rubPerCny, crudeVolume, recyclingFee, regime), or run each scenario with the outcome`,
    ...resolved.locate(path.slice(path.indexOf('observe'))),
  };
}

/** One seed, path count, sampling and horizon for all: the caller's, else the first scenario's paths, seed and sampling and the earliest horizon. */
function commonSizes(entries: readonly CompareEntry[], options: CompareOptions): { paths: number; seed: number; horizon: number; sampling: Sampling } {
  const first = entries[0]?.resolved.scenario;
  return {
    paths: options.paths ?? first?.run?.paths ?? DEFAULT_PATHS,
    seed: options.seed ?? first?.run?.seed ?? DEFAULT_SEED,
    sampling: options.sampling ?? first?.run?.sampling ?? DEFAULT_SAMPLING,
    horizon: options.horizon ?? Math.min(...entries.map((e) => e.resolved.scenario.horizon)),
  };
}

/** A request's scenarios (with their labels) and options, as compareSteps takes them; an issue when `explain.output` does not parse. */
function compareArguments(request: CompareRequest, resolved: readonly ResolvedScenario[]): AnalysisArguments<CompareEntry[], CompareOptions> {
  const entries = resolved.map((scenario, i) => ({ resolved: scenario, ...(request.scenarios[i]?.label ? { label: request.scenarios[i]!.label } : {}) }));
  const explain = explainOptionsFromRequest(request.explain);
  if (!explain.ok) return explain;
  const { paths, seed, horizon, sampling } = request;
  return {
    ok: true,
    inputs: entries,
    options: {
      ...(paths === undefined ? {} : { paths }),
      ...(seed === undefined ? {} : { seed }),
      ...(sampling === undefined ? {} : { sampling }),
      ...(horizon === undefined ? {} : { horizon }),
      ...(explain.options === undefined ? {} : { explain: explain.options }),
    },
  };
}

function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} #${count}`;
  });
}

/** Compare, as `tradecast compare` and `POST /api/compare` run it. */
export const compareAnalysis: AnalysisDescriptor<CompareRequest, readonly CompareEntry[], CompareOptions, CompareResult, typeof compareRequestSchema> = {
  command: 'compare',
  what: 'comparison',
  field: 'paths',
  unit: 'paths',
  request: compareRequestSchema,
  result: compareResultSchema,
  scenarios: (body) => ({ entries: body.scenarios, at: (index) => ['scenarios', index] }),
  fromRequest: compareArguments,
  work: compareWorkWithExplain,
  compute: compareScenarios,
};
