import { MIN_EFFECTIVE_PATHS, MIN_EFFECTIVE_SHARE } from '../core/defaults.js';
import { exp } from '../core/exp.js';
import { log } from '../core/log.js';
import { log1p } from '../core/log1p.js';
import type { ModelFailure } from '../core/modelFailure.js';
import type { SimulationOutput } from '../core/simulationOutput.js';
import type { CompiledOutcome } from '../scenario/compileObservations.js';

/**
 * Conditioning the paths on observed outcomes (importance resampling): each path is weighted by
 * the likelihood of the observations given its values — a normal measurement error on the log
 * of a money value, or on a share —, and the paths are resampled in proportion to their weights
 * (systematic resampling: one uniform, so the draw is reproducible), giving an equally weighted
 * set that summarises like any other. Whole paths are resampled, so the years before and after
 * an observation are conditioned on it too. The effective sample size (Σw)²/Σw² says how many
 * independent paths the weighted set is worth; below MIN_EFFECTIVE_PATHS (or that share of the
 * paths) the observation lies where almost no path goes and the run is refused naming it.
 * Nothing here discards paths by a rule: every path keeps its chance in proportion to its weight.
 */
export interface OutcomeConditioning {
  /** for each of the run's paths, the path it is replaced by (sorted; paths may repeat) */
  readonly resample: Int32Array;
  /** effective sample size of each observation's weights alone, in paths */
  readonly effectiveSampleSizes: readonly number[];
  /** effective sample size of the joint weights, in paths */
  readonly effectiveSampleSize: number;
}

/** The least effective sample size accepted for a run of `paths` paths. */
export function minimumEffectiveSampleSize(paths: number): number {
  return Math.min(paths, Math.max(MIN_EFFECTIVE_PATHS, MIN_EFFECTIVE_SHARE * paths));
}

/**
 * Weights the paths of `output` (holding at least every observed year) by the outcomes and
 * resamples them with `uniform` ∈ [0, 1); a failure names the first observation (or the set)
 * the paths cannot reach.
 */
export function conditionOnOutcomes(
  outcomes: readonly CompiledOutcome[],
  output: SimulationOutput,
  uniform: number,
): { readonly ok: true; readonly conditioning: OutcomeConditioning } | { readonly ok: false; readonly failure: ModelFailure } {
  const { paths } = output;
  const minimum = minimumEffectiveSampleSize(paths);
  const joint = new Float64Array(paths);
  const own = new Float64Array(paths);
  const effectiveSampleSizes: number[] = [];
  for (const outcome of outcomes) {
    const values = output.values[outcome.seriesIndex]!.subarray(outcome.yearIndex * paths, (outcome.yearIndex + 1) * paths);
    const { cumulative } = outcome;
    if (cumulative) {
      // a January…months value: the path's full year against the nowcast of the year from that value, a
      // Student t on the log (its scale widened by the measurement error in quadrature)
      const logValue = log(outcome.value) + cumulative.logRatio;
      const scale = Math.sqrt(cumulative.logScale * cumulative.logScale + outcome.sd * outcome.sd);
      const nu = cumulative.degreesOfFreedom;
      for (let p = 0; p < paths; p++) {
        const residual = (log(values[p]!) - logValue) / scale;
        own[p] = -0.5 * (nu + 1) * log1p((residual * residual) / nu);
        joint[p] = joint[p]! + own[p]!;
      }
    } else {
      for (let p = 0; p < paths; p++) {
        const simulated = values[p]!;
        const residual = outcome.isShare ? (outcome.value - simulated) / outcome.sd : (log(outcome.value) - log(simulated)) / outcome.sd;
        own[p] = -0.5 * residual * residual;
        joint[p] = joint[p]! + own[p]!;
      }
    }
    const ess = effectiveSampleSize(normalisedWeights(own));
    effectiveSampleSizes.push(ess);
    if (!(ess >= minimum)) return { ok: false, failure: unreachable(outcome, ess, minimum) };
  }
  const weights = normalisedWeights(joint);
  const ess = effectiveSampleSize(weights);
  if (!(ess >= minimum)) {
    const all = outcomes.map(describeOutcome).join(' and ');
    return { ok: false, failure: { kind: 'unreachable-observation', observation: all, index: outcomes[0]!.index, effectiveSampleSize: ess, minimum } };
  }
  return { ok: true, conditioning: { resample: systematicResample(weights, uniform), effectiveSampleSizes, effectiveSampleSize: ess } };
}

/** "turnover@2026" or "turnover@2026:4". */
export function describeOutcome(outcome: Pick<CompiledOutcome, 'name' | 'year' | 'months'>): string {
  return `${outcome.name}@${outcome.year}${outcome.months ? `:${outcome.months}` : ''}`;
}

function unreachable(outcome: CompiledOutcome, effectiveSampleSize: number, minimum: number): ModelFailure {
  return { kind: 'unreachable-observation', observation: describeOutcome(outcome), index: outcome.index, effectiveSampleSize, minimum };
}

/** exp of log-weights shifted by their largest (so the largest weight is 1), in place of a copy. */
function normalisedWeights(logWeights: Float64Array): Float64Array {
  let largest = -Infinity;
  for (const w of logWeights) if (w > largest) largest = w;
  return logWeights.map((w) => (largest === -Infinity ? 0 : exp(w - largest)));
}

/** (Σw)²/Σw², in paths (Kish's effective sample size). */
export function effectiveSampleSize(weights: Float64Array): number {
  let sum = 0;
  let squares = 0;
  for (const w of weights) {
    sum += w;
    squares += w * w;
  }
  return squares > 0 ? (sum * sum) / squares : 0;
}

/**
 * Systematic resampling (Kitagawa 1996; Douc, Cappé & Moulines 2005): n paths drawn at the
 * points (uniform + i)/n of the weights' cumulative share, so path p appears ⌊n·w_p⌋ or
 * ⌈n·w_p⌉ times. Indices come out sorted.
 */
export function systematicResample(weights: Float64Array, uniform: number): Int32Array {
  const n = weights.length;
  let total = 0;
  for (const w of weights) total += w;
  const chosen = new Int32Array(n);
  let cumulative = weights[0]! / total;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const point = (uniform + i) / n;
    // path p holds the points in [its cumulative share before it, its cumulative share)
    while (point >= cumulative && p < n - 1) {
      p++;
      cumulative += weights[p]! / total;
    }
    chosen[i] = p;
  }
  return chosen;
}
