import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { IntervalEstimate } from '../intervalEstimate.js';
import { STREAM_BOOTSTRAP } from '../defaults.js';
import { createUniformStream } from '../uniformStream.js';
import { pacedCheckpoint, type AnalysisContext } from '../analysisContext.js';
import type { MorrisDesign } from './morrisDesign.js';
import { bootstrapInterval, type BootstrapOptions } from './sobolIndices.js';

/** Morris measures of one factor. */
export interface MorrisMeasures {
  /** μ* = mean |EE|, with a bootstrap interval over trajectories */
  readonly muStar: IntervalEstimate;
  /** μ = mean EE (signed); null for a group, whose columns move in mixed directions */
  readonly mu: number | null;
  /** σ = standard deviation of EE (r − 1 divisor); null for a group */
  readonly sigma: number | null;
}

/**
 * Elementary effects EE_i = [f(x + Δeᵢ) − f(x)]/Δ from a trajectory design (Morris 1991), and
 * per factor μ*, the mean of |EE| (Campolongo, Cariboni & Saltelli 2007, which ranks factors
 * better than μ because effects of opposite sign do not cancel), μ and σ (Morris's measures of
 * overall and of non-linear or interaction effects). Units: output units per unit of the
 * normalised [0, 1] range of the factor. Intervals: percentile bootstrap over trajectories.
 * A group's EE is |Δf|/Δ (Campolongo et al. 2007, §3: only μ* is meaningful for groups).
 * The bootstrap passes a paced checkpoint every RESAMPLES_BETWEEN_CHECKPOINTS resamples of a
 * factor, so it stops soon after its signal; null then.
 */
export async function morrisIndices(
  outputs: Float64Array,
  design: MorrisDesign,
  bootstrap: BootstrapOptions,
  context: Pick<AnalysisContext, 'signal'> = {},
): Promise<readonly MorrisMeasures[] | null> {
  const r = design.trajectories;
  const k = design.factors.length;
  const effects = Array.from({ length: k }, () => new Float64Array(r)); // one EE per factor per trajectory
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < k; s++) {
      const change = outputs[t * (k + 1) + s + 1]! - outputs[t * (k + 1) + s]!;
      const sign = design.direction[t * k + s]!;
      effects[design.movedFactor[t * k + s]!]![t] = (sign === 0 ? Math.abs(change) : sign * change) / design.delta;
    }
  }
  const stream = createUniformStream(bootstrap.seed, STREAM_BOOTSTRAP);
  const picks = new Uint32Array(r * bootstrap.resamples);
  for (let i = 0; i < picks.length; i++) picks[i] = Math.floor(stream.next() * r);
  const going = pacedCheckpoint(context);
  const measures: MorrisMeasures[] = [];
  for (const [i, ee] of effects.entries()) {
    const group = design.factors[i]!.columns.length > 1;
    const muStar = meanAbsolute(ee, null);
    const resampled = new Float64Array(bootstrap.resamples);
    for (let b = 0; b < bootstrap.resamples; b++) {
      if (b % RESAMPLES_BETWEEN_CHECKPOINTS === 0 && !(await going())) return null;
      resampled[b] = meanAbsolute(ee, picks.subarray(b * r, (b + 1) * r));
    }
    const elementary = Array.from(ee);
    measures.push({
      muStar: bootstrapInterval(muStar, resampled, bootstrap.confidence),
      mu: group ? null : mean(elementary),
      sigma: group ? null : r > 1 ? sampleStandardDeviation(elementary) : 0,
    });
  }
  return measures;
}

/** Resamples of one factor between two checkpoints: each is r steps, so a clock read per resample would cost as much as the resample. */
const RESAMPLES_BETWEEN_CHECKPOINTS = 64;

/** Hand-written: reads a resample through `picks` in place, no copied array per resample (bytes). */
function meanAbsolute(values: Float64Array, picks: Uint32Array | null): number {
  const n = picks ? picks.length : values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(values[picks ? picks[i]! : i]!);
  return sum / n;
}
