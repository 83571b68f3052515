import { z } from 'zod';
import { PERCENTILES } from '../core/defaults.js';
import type { Sampling } from '../core/modelPlan.js';
import { percentiles } from '../core/percentiles.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import { CANCELLED, type AnalysisContext, type AnalysisOutcome } from './analysisContext.js';
import { changedInputs, type ChangedInput, type InputGrouping } from './changedInputs.js';
import { coalitionScenario } from './coalitionScenario.js';
import { EXPLAIN_BATCHES, EXPLAIN_MIN_BATCH_PATHS, MAX_EXPLAIN_INPUTS } from './defaults.js';
import { meanAndVariance } from './meanAndVariance.js';
import { meanAndStandardError } from './standardErrorOfMean.js';
import { createOutputReader, formatOutputSpec, parseOutputSpec, type OutputReader, type OutputSpec } from './outputSelector.js';
import { prepareRun } from '../run/preparedRun.js';
import { shapleyValuesInto } from './shapleyValues.js';

/** `explain` in a `POST /api/compare` body: `true`, or the output to split. */
export const explainRequestSchema = z
  .union([
    z.boolean(),
    z
      .object({
        output: z.string().min(1).max(600).optional().describe('series@year (its median across paths; default turnover in the horizon year), target:<id>, a target id, or P(<expression>)@year'),
      })
      .strict(),
  ])
  .describe('split B − A of one output between the inputs that differ (Shapley values over 2^k mixtures of A and B on the same random numbers); needs exactly two scenarios');
export type ExplainRequest = z.infer<typeof explainRequestSchema>;

export const explainPartSchema = z.object({
  input: z.string().describe('a knob (knobs.oilLongRun), a field (oil.meanReversion), a block (sectors.cars, regimes, knobs) or data'),
  kind: z.enum(['knob', 'field', 'block']),
  from: z.number().optional().describe("a knob's value in A"),
  to: z.number().optional().describe("a knob's value in B"),
  contribution: z.number().describe('its Shapley value, in the unit of the output'),
  standardError: z.number().nullable().describe('Monte Carlo standard error of the contribution (null with too few paths for batch means)'),
  share: z.number().nullable().describe('contribution / total (null when the total is 0)'),
});

export const explainResultSchema = z.object({
  output: z.string().describe('what is split, as an output spec'),
  label: z.string(),
  unit: z.string().describe('of the output and every contribution: the series unit, or probability'),
  year: z.number().int(),
  statistic: z.enum(['median', 'probability']).describe('a series is summarised by its median across paths, a target by its probability'),
  reference: z.number().describe('the output in A (the first scenario)'),
  value: z.number().describe('the output in B'),
  total: z.number().describe('the sum of the parts, added in their order: equal to value − reference up to rounding'),
  grouping: z.enum(['fields', 'blocks', 'blocks and knobs']).describe('how finely the inputs are cut (see docs/workflow.md)'),
  runs: z.number().int().describe('2^k mixtures of A and B, each on the same seed and paths'),
  standardErrors: z.string().describe('how each part’s standard error was estimated'),
  parts: z.array(explainPartSchema).describe('largest contribution first'),
});
export type ExplainResult = z.infer<typeof explainResultSchema>;
export type ExplainPart = z.infer<typeof explainPartSchema>;

export interface ExplainOptions {
  /** default: turnover in the horizon year */
  readonly output?: OutputSpec;
}

export interface ExplainSizes {
  readonly paths: number;
  readonly seed: number;
  readonly horizon: number;
  readonly sampling?: Sampling;
}

/** What an attribution will run, fixed before it runs. */
export interface ExplainPlan {
  readonly inputs: readonly ChangedInput[];
  readonly grouping: InputGrouping;
  readonly spec: OutputSpec;
  /** 2^k */
  readonly runs: number;
}

type Issues = { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** `explain` of a request as options (`false` or absent: none); an issue naming `explain.output` when it does not parse. */
export function explainOptionsFromRequest(explain: ExplainRequest | undefined): { readonly ok: true; readonly options: ExplainOptions | undefined } | Issues {
  if (explain === undefined || explain === false) return { ok: true, options: undefined };
  if (explain === true || explain.output === undefined) return { ok: true, options: {} };
  const parsed = parseExplainOutput(explain.output);
  return parsed.ok ? { ok: true, options: { output: parsed.spec } } : invalid(['explain', 'output'], parsed.message);
}

/** An output to explain: an output spec, or the bare id of a target (`turnover-300bn-2030`). */
export function parseExplainOutput(text: string): { readonly ok: true; readonly spec: OutputSpec } | { readonly ok: false; readonly message: string } {
  const parsed = parseOutputSpec(text);
  if (parsed.ok) return parsed;
  if (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(text.trim())) return { ok: true, spec: { kind: 'target', id: text.trim() } };
  return { ok: false, message: `${parsed.message}, or a target's id` };
}

/**
 * Checks that A and B can be split for this output and finds the inputs that differ: the
 * output must read the same way in both (a target with the same year and expression), and
 * there must be at most MAX_EXPLAIN_INPUTS inputs once grouped.
 */
export function planExplain(a: ResolvedScenario, b: ResolvedScenario, sizes: ExplainSizes, options: ExplainOptions): { readonly ok: true; readonly plan: ExplainPlan } | Issues {
  const spec: OutputSpec = options.output ?? { kind: 'series', series: 'turnover', year: sizes.horizon };
  if (spec.kind === 'target') {
    const targetA = a.scenario.targets.find((t) => t.id === spec.id);
    const targetB = b.scenario.targets.find((t) => t.id === spec.id);
    if (!targetA || !targetB) {
      const known = a.scenario.targets.filter((t) => b.scenario.targets.some((u) => u.id === t.id)).map((t) => t.id);
      return invalid(
        ['explain', 'output'],
        `"${spec.id}" is not a target of both ${a.id} and ${b.id}; common targets: ${known.join(', ') || '(none)'}; or write one in place, e.g. P(turnover >= 300)@2030`,
      );
    }
    if (targetA.year !== targetB.year || targetA.expression !== targetB.expression) {
      return invalid(
        ['explain', 'output'],
        `target "${spec.id}" differs between ${a.id} (${targetA.expression} in ${targetA.year}) and ${b.id} (${targetB.expression} in ${targetB.year}); an attribution splits what the inputs change, so the measure must be the same: write it in place, e.g. P(${targetA.expression})@${targetA.year}`,
      );
    }
  }
  for (const resolved of [a, b]) {
    const prepared = prepareRun(resolved, { paths: 1, seed: sizes.seed, horizon: sizes.horizon, ...(sizes.sampling ? { sampling: sizes.sampling } : {}) });
    if (!prepared.ok) return prepared;
    const reader = createOutputReader(prepared.run.plan, prepared.run.targets, spec);
    if (!reader.ok) return invalid(['explain', 'output'], `${resolved.id}: ${reader.message}`);
  }
  const inputs = changedInputs(a, b, MAX_EXPLAIN_INPUTS);
  if (!inputs.ok) return inputs;
  return { ok: true, plan: { inputs: inputs.inputs, grouping: inputs.grouping, spec, runs: 1 << inputs.inputs.length } };
}

/**
 * Splits B − A of one output between the inputs that differ (`changedInputs`): every mixture
 * of A and B — A with B's value for some of the inputs, 2^k of them — runs on the same seed
 * and path keys, and each input's part is its Shapley value over those runs (`shapleyValues`).
 * Common random numbers make the mixtures differ only through their inputs, so the parts are
 * not lost in noise, and the parts add up to the total by construction: `total` is their sum.
 *
 * The output is a series' median across paths in a year, or a target's probability. Standard
 * errors: a probability is a mean over paths, and Shapley values are linear in the coalition
 * values, so each path has its own contribution and the standard error is their standard
 * deviation / √paths; a median is not a mean, so its parts are recomputed on blocks of paths
 * and the standard error is the blocks' standard deviation / √blocks (batch means).
 */
export async function explainDifference(a: ResolvedScenario, b: ResolvedScenario, sizes: ExplainSizes, plan: ExplainPlan, context: AnalysisContext): Promise<AnalysisOutcome<ExplainResult>> {
  const { inputs, spec, runs } = plan;
  const { paths } = sizes;
  const values: Float64Array[] = [];
  let reader: OutputReader | null = null;
  for (let mask = 0; mask < runs; mask++) {
    const mixture = coalitionScenario(a, b, inputs, mask);
    if (!mixture.ok) return mixture;
    const prepared = prepareRun(mixture.resolved, sizes);
    if (!prepared.ok) return mixtureIssues(prepared.issues, inputs, mask, a, b);
    const { run } = prepared;
    const read = createOutputReader(run.plan, run.targets, spec);
    if (!read.ok) return invalid(['explain', 'output'], read.message);
    reader = read.reader;
    const simulated = await context.runner.simulate(run, {
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: (progress) => context.onProgress?.({ stage: `explaining: mixture ${mask + 1} of ${runs}`, done: mask * paths + progress.done, total: runs * paths }),
    });
    if (!simulated.ok) return CANCELLED;
    const { output } = simulated;
    const column = new Float64Array(paths);
    let nonFinite = 0;
    for (let p = 0; p < paths; p++) {
      column[p] = reader.read(output, p);
      if (!Number.isFinite(column[p]!)) nonFinite++;
    }
    if (nonFinite > 0) {
      const switched = inputs.filter((_, i) => (mask & (1 << i)) !== 0).map((input) => input.input);
      const where = switched.length === 0 ? a.id : `${a.id} with ${switched.join(', ')} from ${b.id}`;
      return { ok: false, failure: { kind: 'non-finite-output', series: `${formatOutputSpec(spec)} of ${where}`, year: reader.year, paths: nonFinite } };
    }
    values.push(column);
  }
  const isProbability = spec.kind !== 'series';
  const sampling = sizes.sampling ?? 'independent';
  const estimates = isProbability ? probabilityParts(values, inputs.length, sampling) : medianParts(values, inputs.length, sampling);
  const parts: ExplainPart[] = inputs
    .map((input, i) => ({
      input: input.input,
      kind: input.kind,
      ...(input.from === undefined ? {} : { from: input.from }),
      ...(input.to === undefined ? {} : { to: input.to }),
      contribution: estimates.contributions[i]!,
      standardError: estimates.standardErrors[i] ?? null,
      share: null as number | null,
    }))
    .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || (x.input < y.input ? -1 : x.input > y.input ? 1 : 0));
  const total = parts.reduce((sum, part) => sum + part.contribution, 0);
  for (const part of parts) part.share = total === 0 ? null : part.contribution / total;
  return {
    ok: true,
    result: {
      output: formatOutputSpec(spec),
      label: reader!.label,
      unit: reader!.unit,
      year: reader!.year,
      statistic: isProbability ? 'probability' : 'median',
      reference: estimates.reference,
      value: estimates.value,
      total,
      grouping: plan.grouping,
      runs,
      standardErrors: estimates.method,
      parts,
    },
  };
}

interface PartEstimates {
  readonly reference: number;
  readonly value: number;
  readonly contributions: Float64Array;
  readonly standardErrors: readonly (number | null)[];
  readonly method: string;
}

/** A probability is a mean over paths: Shapley values path by path, then their mean and its standard error. */
function probabilityParts(values: readonly Float64Array[], inputCount: number, sampling: Sampling): PartEstimates {
  const paths = values[0]!.length;
  const coalition = new Float64Array(values.length);
  const perPath = new Float64Array(inputCount);
  const byInput = Array.from({ length: inputCount }, () => new Float64Array(paths));
  for (let p = 0; p < paths; p++) {
    for (let mask = 0; mask < values.length; mask++) coalition[mask] = values[mask]![p]!;
    shapleyValuesInto(inputCount, coalition, perPath);
    for (let i = 0; i < inputCount; i++) byInput[i]![p] = perPath[i]!;
  }
  const contributions = new Float64Array(inputCount);
  const standardErrors = byInput.map((column, i) => {
    const { mean, standardError } = meanAndStandardError(column, sampling);
    contributions[i] = mean;
    return standardError;
  });
  return {
    reference: meanAndVariance(values[0]!).mean,
    value: meanAndVariance(values[values.length - 1]!).mean,
    contributions,
    standardErrors,
    method:
      sampling === 'independent'
        ? `per path: each path's own Shapley contributions (a probability is a mean over paths); s.e. = their standard deviation / √${paths}`
        : `per path: each path's own Shapley contributions (a probability is a mean over paths); s.e. from the spread of the ${Math.floor(paths / 2)} antithetic pairs' sums`,
  };
}

/** A median's parts from the medians of the mixtures; standard errors by batch means over blocks of paths. */
function medianParts(values: readonly Float64Array[], inputCount: number, sampling: Sampling): PartEstimates {
  const paths = values[0]!.length;
  const contributions = new Float64Array(inputCount);
  const medians = values.map((column) => medianOf(column));
  shapleyValuesInto(inputCount, medians, contributions);
  const batches = Math.min(EXPLAIN_BATCHES, Math.floor(paths / EXPLAIN_MIN_BATCH_PATHS));
  const base = { reference: medians[0]!, value: medians[medians.length - 1]!, contributions };
  if (batches < 2) {
    return { ...base, standardErrors: [], method: `none: batch means need at least ${2 * EXPLAIN_MIN_BATCH_PATHS} paths (2 blocks of ${EXPLAIN_MIN_BATCH_PATHS})` };
  }
  const byInput = Array.from({ length: inputCount }, () => new Float64Array(batches));
  const blockMedians = new Float64Array(values.length);
  const blockParts = new Float64Array(inputCount);
  for (let block = 0; block < batches; block++) {
    // antithetic pairs stay within a block (the blocks are then independent, as batch means need)
    const from = sampling === 'independent' ? Math.floor((block * paths) / batches) : 2 * Math.floor((block * Math.floor(paths / 2)) / batches);
    const to = block === batches - 1 ? paths : sampling === 'independent' ? Math.floor(((block + 1) * paths) / batches) : 2 * Math.floor(((block + 1) * Math.floor(paths / 2)) / batches);
    values.forEach((column, mask) => (blockMedians[mask] = medianOf(column.subarray(from, to))));
    shapleyValuesInto(inputCount, blockMedians, blockParts);
    for (let i = 0; i < inputCount; i++) byInput[i]![block] = blockParts[i]!;
  }
  // population variance over the blocks / (blocks − 1) = the unbiased variance / blocks
  const standardErrors = byInput.map((column) => Math.sqrt(meanAndVariance(column).variance / (batches - 1)));
  return {
    ...base,
    standardErrors,
    method: `batch means: the parts recomputed on ${batches} blocks of about ${Math.floor(paths / batches)} paths (a median is not a mean over paths); s.e. = the blocks' standard deviation / √${batches}`,
  };
}

const MEDIAN_INDEX = PERCENTILES.indexOf(0.5);

/** The median as a run's summary computes it (the same percentiles, so a one-input split equals the medians' difference to the bit). */
function medianOf(column: Float64Array): number {
  const into = new Float64Array(PERCENTILES.length);
  percentiles(column, PERCENTILES, into);
  return into[MEDIAN_INDEX]!;
}

function mixtureIssues(issues: readonly ScenarioIssue[], inputs: readonly ChangedInput[], mask: number, a: ResolvedScenario, b: ResolvedScenario): Issues {
  const switched = inputs.filter((_, i) => (mask & (1 << i)) !== 0).map((input) => input.input);
  return {
    ok: false,
    issues: issues.map((issue) => ({
      path: ['explain'],
      message: `${a.id} with ${switched.join(', ')} from ${b.id} cannot run (${issue.path.join('.')}: ${issue.message}); these inputs only make sense together`,
    })),
  };
}

function invalid(path: readonly (string | number)[], message: string): Issues {
  return { ok: false, issues: [{ path, message }] };
}
