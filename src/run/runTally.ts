import type { ModelPlan } from '../core/modelPlan.js';
import type { SimulationOutput } from '../core/simulationOutput.js';
import { summaryFromBlocks, type BlockStatistics } from '../core/summarise.js';
import { wilsonInterval } from '../core/wilsonInterval.js';
import type { CompiledTarget } from '../scenario/compilePlan.js';
import { historyBlock } from '../scenario/history.js';
import { VERSION } from '../version.js';
import type { PreparedRun } from './preparedRun.js';
import type { OutcomeConditioning } from './outcomeWeights.js';
import type { ResultOutcome, SimulationResult, TargetResult } from './simulationResult.js';

/** What a run counts on the calling thread as its years go by: regimes and target hits. */
export interface RunTally {
  /** paths in regime r in year y, at r·years + y */
  readonly regimeCounts: Float64Array;
  /** paths meeting each target (null when its year is not projected) */
  readonly targetHits: (number | null)[];
  /** with antithetic sampling, for each target: how its hits fall in the pairs of paths (for the standard error) */
  readonly targetPairs: (PairedHits | null)[];
}

/** A target's hits by antithetic pair: Σ over the complete pairs (2i, 2i + 1) of (hits in the pair)², and the unpaired last path's hit (0 when the paths are even). */
export interface PairedHits {
  readonly squares: number;
  readonly unpaired: number;
}

export function createRunTally(run: PreparedRun): RunTally {
  const { plan } = run;
  return {
    regimeCounts: new Float64Array(plan.regimeNames.length * plan.years.length),
    targetHits: run.targets.map((target) => (plan.years.includes(target.year) ? 0 : null)),
    targetPairs: run.targets.map(() => null),
  };
}

/**
 * Counts regimes and target hits in `output`, whose first year is projected year `fromYear`;
 * with `resample` (paths conditioned on observed outcomes) the paths counted are resample[0],
 * resample[1], … (a path as often as it appears), else every path once.
 */
export function tallyPassInto(run: PreparedRun, output: SimulationOutput, fromYear: number, tally: RunTally, resample?: Int32Array): void {
  const { plan } = run;
  const { paths, yearCount, regime } = output;
  const years = plan.years.length;
  for (let y = 0; y < yearCount; y++) {
    const block = regime.subarray(y * paths, (y + 1) * paths);
    const counted = resample ? resample.length : paths;
    for (let p = 0; p < counted; p++) tally.regimeCounts[block[resample ? resample[p]! : p]! * years + fromYear + y]!++;
  }
  run.targets.forEach((target, i) => {
    const y = plan.years.indexOf(target.year) - fromYear;
    if (y < 0 || y >= yearCount) return;
    const hits = countTargetHits(target, output, y, resample);
    tally.targetHits[i] = hits.count;
    if (plan.sampling === 'antithetic') tally.targetPairs[i] = hits.paired;
  });
}

/** The result contract from a run's block statistics and tally (and its conditioning on observed outcomes). */
export function resultFromTally(run: PreparedRun, series: SimulationOutput['series'], statistics: BlockStatistics, tally: RunTally, conditioning?: OutcomeConditioning): ResultOutcome {
  const { plan } = run;
  const summary = summaryFromBlocks(series, plan.years, statistics);
  if (!summary.ok) return { ok: false, failure: summary.failure };
  const { scenario } = run.resolved;
  const result: SimulationResult = {
    scenario: run.id,
    name: scenario.name,
    seed: run.seed,
    paths: run.paths,
    version: VERSION,
    inputHash: run.inputHash,
    origin: plan.originYear,
    horizon: run.horizon,
    years: plan.years,
    series: summary.series,
    regimes: { names: plan.regimeNames, probability: regimeProbabilities(plan, tally, run.paths) },
    history: historyBlock(run.resolved.history, plan.originYear),
    targets: run.targets.map((target, i) => targetResult(target, tally.targetHits[i]!, run.paths, tally.targetPairs[i] ?? null)),
    observations: observationResults(run, conditioning),
    effectiveSampleSize: conditioning ? conditioning.effectiveSampleSize : null,
    // said only when the paths are not independent, so an independent run keeps its bytes
    ...(plan.sampling === 'independent' ? {} : { sampling: plan.sampling }),
  };
  return { ok: true, result };
}

/** The run's observations in the result, each outcome with its own effective sample size. */
function observationResults(run: PreparedRun, conditioning: OutcomeConditioning | undefined): SimulationResult['observations'] {
  let outcome = 0;
  return run.observations.map((observation) => {
    if (observation.kind === 'driver' || !conditioning) return { ...observation };
    return { ...observation, effectiveSampleSize: conditioning.effectiveSampleSizes[outcome++]! };
  });
}

/** Paths meeting a target in year y, and how they fall in the pairs (2i, 2i + 1). */
function countTargetHits(target: CompiledTarget, output: SimulationOutput, y: number, resample?: Int32Array): { count: number; paired: PairedHits } {
  const { paths } = output;
  const columns = target.seriesIndex.map((s) => output.values[s]!.subarray(y * paths, (y + 1) * paths));
  const scope = new Float64Array(columns.length);
  let hits = 0;
  let squares = 0;
  let pairHits = 0;
  const counted = resample ? resample.length : paths;
  for (let p = 0; p < counted; p++) {
    const path = resample ? resample[p]! : p;
    for (let i = 0; i < columns.length; i++) scope[i] = columns[i]![path]!;
    const value = target.expression.evaluate(scope);
    const hit = value !== 0 && !Number.isNaN(value) ? 1 : 0;
    hits += hit;
    pairHits += hit;
    if (p & 1) {
      squares += pairHits * pairHits;
      pairHits = 0;
    }
  }
  return { count: hits, paired: { squares, unpaired: pairHits } };
}

/**
 * A target's probability and its Monte Carlo standard error: √(p(1 − p)/n) for independent
 * paths; with antithetic pairs, from the pairs' own spread — Var(p̂) = Σ_pairs (s_i − 2p̂)²/n²
 * (s_i the hits in pair i; an unpaired last path adds (h − p̂)²/n²), which is p(1 − p)/n again
 * when the two paths of a pair are independent, and less when they are negatively correlated.
 */
function targetResult(target: CompiledTarget, hits: number | null, paths: number, pairs: PairedHits | null): TargetResult {
  const base = { id: target.id, label: target.label, year: target.year, expression: target.expression.source };
  if (hits === null) return { ...base, probability: null, standardError: null, interval95: null };
  const probability = hits / paths;
  if (!pairs) return withInterval({ ...base, probability, standardError: Math.sqrt((probability * (1 - probability)) / paths) }, paths);
  const pairCount = Math.floor(paths / 2);
  const pairHits = hits - pairs.unpaired;
  const deviations = pairs.squares - 4 * probability * pairHits + 4 * probability * probability * pairCount + (paths % 2 ? (pairs.unpaired - probability) * (pairs.unpaired - probability) : 0);
  const standardError = Math.sqrt(Math.max(0, deviations) / (paths * paths));
  // the pairs' effective number of paths, p(1 − p)/s.e.²; the paths themselves where the pairs say nothing (p̂ 0 or 1, or no spread)
  const effective = standardError > 0 && probability > 0 && probability < 1 ? (probability * (1 - probability)) / (standardError * standardError) : paths;
  return withInterval({ ...base, probability, standardError }, effective);
}

/** A target's result with its 95% interval (wilsonInterval), from `trials` effective paths. */
function withInterval(result: Omit<TargetResult, 'interval95'> & { probability: number }, trials: number): TargetResult {
  const { low, high } = wilsonInterval(result.probability, trials);
  return { ...result, interval95: [low, high] };
}

function regimeProbabilities(plan: ModelPlan, tally: RunTally, paths: number): Record<string, number[]> {
  const years = plan.years.length;
  return Object.fromEntries(plan.regimeNames.map((name, r) => [name, Array.from(tally.regimeCounts.subarray(r * years, (r + 1) * years), (c) => c / paths)]));
}
