import { z } from 'zod';
import { BOOTSTRAP_OPERATIONS_PER_PATH_YEAR, DEFAULT_SEED, CONFIDENCE_LEVEL } from '../../core/defaults.js';
import type { ResolvedScenario } from '../../scenario/loadScenario.js';
import type { ScenarioIssue } from '../../scenario/scenarioIssue.js';
import { canonicalJson, sha256Hex } from '../../scenario/sha256.js';
import { VERSION } from '../../version.js';
import { describeOutcome } from '../../run/outcomeWeights.js';
import { prepareRun, type PreparedRun } from '../../run/preparedRun.js';
import { outputBytesPerPath, planBytes, scenarioSize, shapeOf, sizeFactors } from '../../run/runCost.js';
import type { WorkOutcome, WorkPart } from '../../run/workCount.js';
import { CANCELLED, checkpoint, type AnalysisContext, type AnalysisOutcome } from '../analysisContext.js';
import { computeFromRequest, scenarioAtTopLevel, workFromRequest, type AnalysisDescriptor } from '../analysisDescriptor.js';
import {
  BOOTSTRAP_RESAMPLES,
  MAX_INNER_PATHS,
  MAX_SENSITIVITY_PATHS,
  MAX_SENSITIVITY_SAMPLES,
  MORRIS_DEFAULT_TRAJECTORIES,
  MORRIS_DEFAULT_TRAJECTORIES_FOR_TARGET,
  MORRIS_LEVELS,
  SOBOL_DEFAULT_SAMPLES,
  SENSITIVITY_PATHS_PER_STEP,
  SOBOL_DEFAULT_SAMPLES_FOR_TARGET,
  TARGET_INNER_PATHS,
} from '../defaults.js';
import { createOutputReader, formatOutputSpec, outputYear, parseOutputSpec, type OutputReader, type OutputSpec } from '../outputSelector.js';
import { intervalEstimateSchema } from '../intervalEstimate.js';
import { meanAndVariance } from '../meanAndVariance.js';
import { seedSchema } from '../requestFields.js';
import { observationsSchema, overridesSchema, scenarioReferenceSchema } from '../scenarioReference.js';
import { createMorrisDesign } from './morrisDesign.js';
import { morrisIndices } from './morrisIndices.js';
import { createSaltelliDesign, saltelliRowCount, saltelliRowsInto } from './saltelliDesign.js';
import { createScenarioModel, designColumns, scenarioFactors, sensitivityBatchRows, type Grouping, type ScenarioModel, type ShockTreatment } from './scenarioModel.js';
import { sobolIndices } from './sobolIndices.js';

export const SENSITIVITY_METHODS = ['sobol', 'morris'] as const;
export type SensitivityMethod = (typeof SENSITIVITY_METHODS)[number];

/** `POST /api/sensitivity` body. */
export const sensitivityRequestSchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: overridesSchema.optional(),
    observations: observationsSchema.optional(),
    method: z.enum(SENSITIVITY_METHODS).default('sobol'),
    output: z.string().max(200).optional().describe('series@year (turnover@2030, share.cars.china@2028), target:<id> or P(<expression>)@year; default: turnover in the horizon year'),
    samples: z.number().int().min(2).max(MAX_SENSITIVITY_SAMPLES).optional().describe('Sobol base sample N, or Morris trajectories r'),
    innerPaths: z.number().int().min(1).max(MAX_INNER_PATHS).optional().describe('shock paths averaged per evaluation (default 1 for a series, 64 for a target)'),
    grouping: z.enum(['parameter', 'sector']).default('parameter'),
    resamples: z.number().int().min(10).max(10_000).optional().describe('bootstrap resamples for the intervals'),
    seed: seedSchema.optional(),
  })
  .strict();
export type SensitivityRequest = z.infer<typeof sensitivityRequestSchema>;

export const sensitivityFactorSchema = z.object({
  name: z.string().describe('a parameter (oil.volatility), a sector group (sectors.cars) or "shocks"'),
  kind: z.enum(['parameter', 'group', 'shocks']),
  parameters: z.array(z.string()),
  firstOrder: intervalEstimateSchema.nullable().describe('Sobol S_i (Saltelli 2010 estimator)'),
  totalOrder: intervalEstimateSchema.nullable().describe('Sobol S_Ti (Jansen estimator)'),
  muStar: intervalEstimateSchema.nullable().describe('Morris μ*: mean |elementary effect|, output units per normalised range'),
  mu: z.number().nullable(),
  sigma: z.number().nullable(),
});

export const sensitivityResultSchema = z.object({
  kind: z.literal('sensitivity'),
  method: z.enum(SENSITIVITY_METHODS),
  version: z.string(),
  scenario: z.string(),
  name: z.string(),
  inputHash: z.string(),
  seed: z.number().int(),
  output: z.object({ spec: z.string(), label: z.string(), unit: z.string(), year: z.number().int() }),
  samples: z.number().int().describe('Sobol N or Morris r'),
  innerPaths: z.number().int(),
  shocks: z.enum(['factor', 'held', 'common']),
  grouping: z.enum(['parameter', 'sector']),
  evaluations: z.number().int(),
  simulatedPaths: z.number().int(),
  levels: z.number().int().nullable(),
  resamples: z.number().int(),
  confidence: z.number(),
  outputMean: z.number(),
  outputStandardDeviation: z.number(),
  /** factors ranked: by total index (Sobol) or μ* (Morris), largest first — the tornado */
  factors: z.array(sensitivityFactorSchema),
  notes: z.array(z.string()),
});
export type SensitivityResult = z.infer<typeof sensitivityResultSchema>;
export type SensitivityFactorResult = z.infer<typeof sensitivityFactorSchema>;

export interface SensitivityOptions {
  readonly method?: SensitivityMethod;
  /** parsed output spec; default turnover in the scenario's horizon year */
  readonly output?: OutputSpec;
  readonly samples?: number;
  readonly innerPaths?: number;
  readonly grouping?: Grouping;
  readonly resamples?: number;
  readonly seed?: number;
}

/** What a sensitivity analysis will compute, fixed before it runs (the defaults filled in). */
interface SensitivityPlan {
  readonly method: SensitivityMethod;
  readonly spec: OutputSpec;
  readonly seed: number;
  readonly run: PreparedRun;
  readonly reader: OutputReader;
  readonly isTarget: boolean;
  readonly innerPaths: number;
  readonly shocks: ShockTreatment;
  readonly grouping: Grouping;
  /** the model's factors: one per parameter or sector group, and "shocks" when they are one */
  readonly factorCount: number;
  /** Sobol N or Morris r */
  readonly samples: number;
  /** model evaluations per sample: k + 2 (Saltelli design) or k + 1 (a Morris trajectory) */
  readonly evaluationsPerSample: number;
  readonly evaluations: number;
  readonly simulatedPaths: number;
  readonly resamples: number;
}

type PlanOutcome = { readonly ok: true; readonly plan: SensitivityPlan } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** Checks the options against the scenario and fixes the sizes: the output, the factors, the samples and the evaluations. */
function planSensitivity(resolved: ResolvedScenario, options: SensitivityOptions): PlanOutcome {
  const { scenario } = resolved;
  const method = options.method ?? 'sobol';
  const spec: OutputSpec = options.output ?? { kind: 'series', series: 'turnover', year: scenario.horizon };
  const year = outputYear(spec, scenario);
  if (year === null) return invalid(['output'], `unknown target "${spec.kind === 'target' ? spec.id : ''}"; the scenario's targets: ${scenario.targets.map((t) => t.id).join(', ') || '(none)'}`);
  if (year <= scenario.origin) return invalid(['output'], `${year} is not after the origin ${scenario.origin}`);
  const seed = options.seed ?? scenario.run?.seed ?? DEFAULT_SEED;
  const prepared = prepareRun(resolved, { paths: 1, seed, horizon: year });
  if (!prepared.ok) return prepared;
  const { run } = prepared;
  if (run.outcomes.length > 0) {
    const names = run.outcomes.map(describeOutcome).join(', ');
    return invalid(
      ['observe', run.outcomes[0]!.index],
      `${names}: the Sobol and Morris estimators read equally weighted evaluations; an observed outcome would weight them. Observe drivers here (pinned alike in every evaluation)`,
    );
  }
  const read = createOutputReader(run.plan, run.targets, spec);
  if (!read.ok) return invalid(['output'], read.message);

  const isTarget = spec.kind !== 'series'; // a target, named or written in place: a probability
  const innerPaths = options.innerPaths ?? (isTarget ? TARGET_INNER_PATHS : 1);
  const shocks: ShockTreatment = method === 'morris' ? 'held' : innerPaths === 1 ? 'factor' : 'common';
  const grouping = options.grouping ?? 'parameter';
  const factors = scenarioFactors(run, grouping, shocks);
  if (factors.filter((f) => f.kind !== 'shocks').length === 0) {
    return invalid(['scenario'], 'the scenario has no uncertain parameters (every distribution is fixed): nothing to apportion');
  }
  const samples =
    options.samples ?? (method === 'sobol' ? (isTarget ? SOBOL_DEFAULT_SAMPLES_FOR_TARGET : SOBOL_DEFAULT_SAMPLES) : isTarget ? MORRIS_DEFAULT_TRAJECTORIES_FOR_TARGET : MORRIS_DEFAULT_TRAJECTORIES);
  const k = factors.length;
  const evaluations = method === 'sobol' ? saltelliRowCount({ baseSamples: samples, factors }) : samples * (k + 1);
  const simulatedPaths = evaluations * innerPaths;
  if (simulatedPaths > MAX_SENSITIVITY_PATHS) {
    return invalid(
      ['samples'],
      `${evaluations} evaluations × ${innerPaths} inner paths = ${simulatedPaths} simulated paths, above the limit of ${MAX_SENSITIVITY_PATHS}; use fewer samples or inner paths`,
    );
  }
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const plan = {
    method,
    spec,
    seed,
    run,
    reader: read.reader,
    isTarget,
    innerPaths,
    shocks,
    grouping,
    factorCount: k,
    samples,
    evaluationsPerSample: evaluations / samples,
    evaluations,
    simulatedPaths,
    resamples,
  };
  return { ok: true, plan };
}

/**
 * The work of a sensitivity analysis: samples × evaluations per sample (k + 2 for Sobol, k + 1
 * for Morris) × inner paths × projected years (to the output's year, × the scenario's size when
 * larger than the shipped ones), plus the bootstrap (samples × resamples × factors steps) and,
 * for Morris, the trajectory design (samples × (k + 1) × design columns numbers); issues when
 * the options do not fit the scenario. Its memory: a batch of simulated paths and their design
 * numbers (fixed), the design and outputs per sample, and the bootstrap's resamples.
 */
export function sensitivityWork(resolved: ResolvedScenario, options: SensitivityOptions = {}): WorkOutcome {
  const planned = planSensitivity(resolved, options);
  if (!planned.ok) return planned;
  const { method, samples, evaluationsPerSample, innerPaths, run, factorCount: k, resamples } = planned.plan;
  const perSample = method === 'sobol' ? 'evaluations per sample (k + 2)' : 'points per trajectory (k + 1)';
  const columns = designColumns(run);
  const years = run.plan.years.length;
  const double = Float64Array.BYTES_PER_ELEMENT;
  const bootstrap: WorkPart =
    method === 'sobol'
      ? {
          what: 'the bootstrap',
          factors: [
            ['resamples', resamples],
            ['(k + 1)', k + 1],
          ],
          operationsPerPathYear: BOOTSTRAP_OPERATIONS_PER_PATH_YEAR,
        }
      : {
          what: 'the bootstrap',
          factors: [
            ['resamples', resamples],
            ['k', k],
          ],
          operationsPerPathYear: BOOTSTRAP_OPERATIONS_PER_PATH_YEAR,
        };
  const design: WorkPart[] =
    method === 'morris'
      ? [
          {
            what: 'the design',
            factors: [
              ['(k + 1)', k + 1],
              ['design columns', columns],
            ],
            operationsPerPathYear: BOOTSTRAP_OPERATIONS_PER_PATH_YEAR,
          },
        ]
      : [];
  // a batch: each simulated path's parameter uniforms and key (the model's and the runner's copy), output and percentile slot — twice, as
  // the last batch's output may still be held while the next is allocated (measured); a step's design rows
  const parameters = run.plan.parameters.length;
  const batchPaths = sensitivityBatchRows(run, innerPaths) * innerPaths;
  const batchBytes = 2 * batchPaths * (2 * (parameters * double + Uint32Array.BYTES_PER_ELEMENT) + outputBytesPerPath(run.plan, years) + double);
  const stepBytes = sensitivityStepRows(run, innerPaths) * columns * double;
  const memory =
    method === 'sobol'
      ? // per sample: A and B rows, the k + 2 outputs and their centred copy, a resampled row index; the resampled indices of every factor
        { fixedBytes: planBytes(shapeOf(run.plan)) + batchBytes + stepBytes + 2 * k * resamples * double, bytesPerUnit: (2 * columns + 2 * (k + 2)) * double + Uint32Array.BYTES_PER_ELEMENT }
      : // per trajectory: its k + 1 points and outputs, k effects and moves, its picks in every resample; one factor's resamples at a time
        {
          fixedBytes: planBytes(shapeOf(run.plan)) + batchBytes + stepBytes + resamples * double,
          bytesPerUnit: ((k + 1) * (columns + 1) + k) * double + k * 5 + resamples * Uint32Array.BYTES_PER_ELEMENT,
        };
  return {
    ok: true,
    work: {
      field: 'samples',
      value: samples,
      factors: [[perSample, evaluationsPerSample], ['inner paths', innerPaths], ['projected years', years], ...sizeFactors(run.plan)],
      parts: [bootstrap, ...design],
      memory,
    },
  };
}

/**
 * Global sensitivity of one output of a scenario to its uncertain parameters (and its shocks):
 * Sobol first-order and total indices on a Saltelli design, or Morris elementary effects on a
 * trajectory design, both through the engine's `parameterUniforms`/`pathKeys` options
 * (createScenarioModel), simulated through the context's runner. Reports progress between
 * batches of evaluations.
 */
export async function analyseSensitivity(resolved: ResolvedScenario, options: SensitivityOptions, context: AnalysisContext): Promise<AnalysisOutcome<SensitivityResult>> {
  const planned = planSensitivity(resolved, options);
  if (!planned.ok) return planned;
  const { method, spec, seed, run, reader, isTarget, innerPaths, shocks, grouping, factorCount: k, samples, evaluations, simulatedPaths } = planned.plan;
  const { scenario } = resolved;
  const model = createScenarioModel(run, reader, { grouping, innerPaths, shocks }, context);
  const { resamples } = planned.plan;
  const bootstrap = { resamples, confidence: CONFIDENCE_LEVEL, seed };
  const outputs = new Float64Array(evaluations);
  const stage = `${method === 'sobol' ? 'Sobol' : 'Morris'} design, ${formatOutputSpec(spec)}`;

  let factors: SensitivityFactorResult[];
  let outputMean: number;
  let outputVariance: number;
  if (method === 'sobol') {
    const design = createSaltelliDesign(samples, model.columns, model.factors, seed);
    if (!(await evaluateRows(model, run, evaluations, stage, (from, to, into) => saltelliRowsInto(design, from, to, into), outputs, context))) return CANCELLED;
    const failure = nonFiniteFailure(outputs, spec, reader.year);
    if (failure) return failure;
    const indices = await sobolIndices(outputs, samples, k, bootstrap, context);
    if (indices === null) return CANCELLED;
    factors = model.factors.map((f, i) => ({
      name: f.name,
      kind: f.kind,
      parameters: [...f.parameters],
      firstOrder: indices.firstOrder[i]!,
      totalOrder: indices.totalOrder[i]!,
      muStar: null,
      mu: null,
      sigma: null,
    }));
    factors.sort((a, b) => b.totalOrder!.estimate - a.totalOrder!.estimate);
    outputMean = indices.mean;
    outputVariance = indices.variance;
  } else {
    const design = createMorrisDesign(samples, model.columns, model.factors, MORRIS_LEVELS, seed);
    const columns = model.columns;
    if (!(await evaluateRows(model, run, evaluations, stage, (from, to, into) => into.set(design.points.subarray(from * columns, to * columns)), outputs, context))) {
      return CANCELLED;
    }
    const failure = nonFiniteFailure(outputs, spec, reader.year);
    if (failure) return failure;
    const measures = await morrisIndices(outputs, design, bootstrap, context);
    if (measures === null) return CANCELLED;
    factors = model.factors.map((f, i) => ({
      name: f.name,
      kind: f.kind,
      parameters: [...f.parameters],
      firstOrder: null,
      totalOrder: null,
      muStar: measures[i]!.muStar,
      mu: measures[i]!.mu,
      sigma: measures[i]!.sigma,
    }));
    factors.sort((a, b) => b.muStar!.estimate - a.muStar!.estimate);
    ({ mean: outputMean, variance: outputVariance } = meanAndVariance(outputs));
  }

  return {
    ok: true,
    result: {
      kind: 'sensitivity',
      method,
      version: VERSION,
      scenario: resolved.id,
      name: scenario.name,
      inputHash: sha256Hex(canonicalJson({ scenario, history: resolved.history, method, output: formatOutputSpec(spec), samples, innerPaths, grouping, resamples, seed })),
      seed,
      output: { spec: formatOutputSpec(spec), label: reader.label, unit: reader.unit, year: reader.year },
      samples,
      innerPaths,
      shocks,
      grouping,
      evaluations,
      simulatedPaths,
      levels: method === 'morris' ? MORRIS_LEVELS : null,
      resamples,
      confidence: CONFIDENCE_LEVEL,
      outputMean,
      outputStandardDeviation: Math.sqrt(Math.max(0, outputVariance)),
      factors,
      notes: notesFor(method, shocks, innerPaths, isTarget, factors),
    },
  };
}

/**
 * An analysis for a parsed `POST /api/sensitivity` body (its output spec parsed here). The
 * scenario is resolved here, unless the caller has resolved it already (`resolved`).
 */
export function sensitivityFromRequest(request: SensitivityRequest, resolved: ResolvedScenario | undefined, context: AnalysisContext): Promise<AnalysisOutcome<SensitivityResult>> {
  return computeFromRequest(sensitivityAnalysis, request, resolved && [resolved], context);
}

/** sensitivityWork for a parsed `POST /api/sensitivity` body and its resolved scenario. */
export function sensitivityWorkFromRequest(request: SensitivityRequest, resolved: ResolvedScenario): WorkOutcome {
  return workFromRequest(sensitivityAnalysis, request, [resolved]);
}

/** The options a request body asks for; an issue naming `output` when it does not parse. */
function sensitivityOptionsFromRequest(request: SensitivityRequest): { readonly ok: true; readonly options: SensitivityOptions } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  let output: OutputSpec | undefined;
  if (request.output !== undefined) {
    const parsed = parseOutputSpec(request.output);
    if (!parsed.ok) return invalid(['output'], parsed.message);
    output = parsed.spec;
  }
  const { samples, innerPaths, resamples, seed } = request;
  return {
    ok: true,
    options: {
      method: request.method,
      grouping: request.grouping,
      ...(output === undefined ? {} : { output }),
      ...(samples === undefined ? {} : { samples }),
      ...(innerPaths === undefined ? {} : { innerPaths }),
      ...(resamples === undefined ? {} : { resamples }),
      ...(seed === undefined ? {} : { seed }),
    },
  };
}

/** Design rows evaluated between two progress reports: about SENSITIVITY_PATHS_PER_STEP simulated paths, fewer for a scenario larger than the shipped ones. */
function sensitivityStepRows(run: PreparedRun, innerPaths: number): number {
  return Math.max(1, Math.floor(SENSITIVITY_PATHS_PER_STEP / (innerPaths * scenarioSize(run.plan))));
}

/** Evaluates the design's rows a step at a time (sensitivityStepRows); false when stopped. */
async function evaluateRows(
  model: ScenarioModel,
  run: PreparedRun,
  rows: number,
  stage: string,
  fill: (from: number, to: number, into: Float64Array) => void,
  outputs: Float64Array,
  context: AnalysisContext,
): Promise<boolean> {
  const { innerPaths } = model;
  const step = sensitivityStepRows(run, innerPaths);
  const points = new Float64Array(step * model.columns);
  context.onProgress?.({ stage, done: 0, total: rows * innerPaths });
  for (let from = 0; from < rows; from += step) {
    const to = Math.min(rows, from + step);
    fill(from, to, points);
    if (!(await model.evaluate(points, to - from, outputs, from)) || !(await checkpoint(context))) return false;
    context.onProgress?.({ stage, done: to * innerPaths, total: rows * innerPaths }); // in simulated paths
  }
  return true;
}

function notesFor(method: SensitivityMethod, shocks: ShockTreatment, innerPaths: number, isTarget: boolean, factors: readonly SensitivityFactorResult[]): string[] {
  const notes: string[] = [];
  if (shocks === 'factor') {
    notes.push(
      'Each evaluation is one simulated path; its whole stream of yearly shocks (oil, rouble, demand, exports, regime switches, share noise) is one input, "shocks", so its indices measure the randomness no parameter explains.',
    );
    if (isTarget)
      notes.push(
        'The output is the 0/1 indicator of the target on one path: the indices apportion the variance p(1 − p) of hitting it, not the uncertainty about its probability (use --inner-paths > 1 for that).',
      );
  } else if (shocks === 'common') {
    notes.push(
      `Each evaluation averages the same ${innerPaths} shock paths (common random numbers), so the output is the ${isTarget ? "target's probability" : 'mean'} given the parameters; the indices apportion the parameter uncertainty about it. With ${innerPaths} paths the probability moves in steps of ${(1 / innerPaths).toFixed(3)}.`,
    );
  } else {
    notes.push(
      `Each trajectory runs on its own ${innerPaths === 1 ? 'shock path' : `${innerPaths} shock paths`}, the same at each of its points, so an elementary effect compares parameters on equal shocks; shocks are not a factor in the Morris screen.`,
    );
  }
  if (method === 'sobol') {
    const sum = factors.reduce((total, f) => total + f.firstOrder!.estimate, 0);
    notes.push(`Σ first-order = ${sum.toFixed(2)}; 1 − Σ is the share of variance due to interactions. Estimates slightly below 0 are Monte Carlo noise around 0.`);
  }
  return notes;
}

/** A model failure when any evaluation produced NaN or ±Infinity (never summarised into indices). */
function nonFiniteFailure(outputs: Float64Array, spec: OutputSpec, year: number): AnalysisOutcome<SensitivityResult> | null {
  let count = 0;
  for (const v of outputs) if (!Number.isFinite(v)) count++;
  return count === 0
    ? null
    : { ok: false, failure: { kind: 'non-finite-output', series: spec.kind === 'series' ? spec.series : spec.kind === 'target' ? `target ${spec.id}` : formatOutputSpec(spec), year, paths: count } };
}

function invalid(path: readonly (string | number)[], message: string): { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  return { ok: false, issues: [{ path, message }] };
}

/** A sensitivity analysis, as `tradecast sensitivity` and `POST /api/sensitivity` run it. */
export const sensitivityAnalysis: AnalysisDescriptor<SensitivityRequest, ResolvedScenario, SensitivityOptions, SensitivityResult, typeof sensitivityRequestSchema> = {
  command: 'sensitivity',
  what: 'sensitivity analysis',
  field: 'samples',
  unit: 'simulated paths',
  request: sensitivityRequestSchema,
  result: sensitivityResultSchema,
  scenarios: scenarioAtTopLevel,
  fromRequest: (body, [resolved]) => {
    const options = sensitivityOptionsFromRequest(body);
    return options.ok ? { ok: true, inputs: resolved!, options: options.options } : options;
  },
  work: sensitivityWork,
  compute: analyseSensitivity,
};
