import { PERCENTILE_BUCKETS } from './defaults.js';
import { selectInPlace } from './selectInPlace.js';

/** Scratch space for `percentilesOfBlock`, reused across blocks of up to `size` values. */
export interface PercentileWorkspace {
  readonly counts: Int32Array;
  /** values in buckets before each bucket (PERCENTILE_BUCKETS + 1 entries) */
  readonly before: Int32Array;
  readonly slots: Int32Array;
  readonly gathered: Float64Array;
}

export function createPercentileWorkspace(size: number): PercentileWorkspace {
  return {
    counts: new Int32Array(PERCENTILE_BUCKETS),
    before: new Int32Array(PERCENTILE_BUCKETS + 1),
    slots: new Int32Array(PERCENTILE_BUCKETS),
    gathered: new Float64Array(size),
  };
}

/**
 * Percentiles of `values` (all finite, smallest `min`, largest `max`) by selection, not
 * sorting, with linear interpolation between order statistics (Hyndman & Fan 1996,
 * definition 7, R's default): for probability q, h = (n − 1)·q and the value is
 * x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎). `probabilities` must be ascending.
 *
 * Distributive selection: one pass counts the values in up to PERCENTILE_BUCKETS equal-width
 * buckets over [min, max] (the bucket index is monotone in the value, so the buckets are in
 * order), the counts say which bucket holds each wanted order statistic, a second pass gathers
 * only those buckets' values, and Hoare's FIND selects within them: about two reads of the
 * block instead of several passes of quickselect over all of it. The order statistics are the
 * ones any selection or sort gives. Leaves `values` as it was; writes into `into`.
 */
export function percentilesOfBlock(values: Float64Array, min: number, max: number, probabilities: readonly number[], into: Float64Array, workspace: PercentileWorkspace): void {
  const n = values.length;
  if (n === 0) {
    into.fill(NaN);
    return;
  }
  const { counts, before, slots, gathered } = workspace;
  // about four values a bucket for small blocks, so clearing the counts stays cheap
  let buckets = Math.max(1, Math.min(counts.length, n >> 2));
  // (v − min)·scale lies in [0, buckets]; a range that is zero, subnormal or overflows gets one bucket
  const range = max - min;
  const scale = buckets / range;
  if (!(range > 0 && range < Infinity && scale < Infinity)) buckets = 1;
  const last = buckets - 1;
  let starts: Int32Array;
  if (buckets === 1) {
    counts[0] = n;
    before[0] = 0;
    before[1] = n;
    gathered.set(values);
    starts = new Int32Array(1);
  } else {
    counts.fill(0, 0, buckets);
    for (let i = 0; i < n; i++) counts[Math.min(last, Math.floor((values[i]! - min) * scale))]!++;
    before[0] = 0;
    for (let b = 0; b < buckets; b++) before[b + 1] = before[b]! + counts[b]!;

    // mark the buckets holding the wanted ranks (⌊h⌋, and ⌊h⌋ + 1 when interpolating)
    slots.fill(-1, 0, buckets);
    let gatheredSize = 0;
    for (const q of probabilities) {
      const low = Math.floor((n - 1) * q);
      for (const rank of [low, Math.min(n - 1, low + 1)]) {
        const b = bucketOfRank(before, buckets, rank);
        if (slots[b] === -1) {
          slots[b] = gatheredSize;
          gatheredSize += counts[b]!;
        }
      }
    }
    starts = slots.slice(0, buckets);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const b = Math.min(last, Math.floor((v - min) * scale));
      const slot = slots[b]!;
      if (slot >= 0) {
        gathered[slot] = v;
        slots[b] = slot + 1;
      }
    }
  }

  for (let i = 0; i < probabilities.length; i++) {
    const h = (n - 1) * probabilities[i]!;
    const low = Math.floor(h);
    let value = orderStatistic(gathered, starts, counts, before, bucketOfRank(before, buckets, low), low);
    if (h > low) {
      const next = orderStatistic(gathered, starts, counts, before, bucketOfRank(before, buckets, low + 1), low + 1);
      value = value + (h - low) * (next - value);
    }
    into[i] = value;
  }
}

/** The bucket b with before[b] ≤ rank < before[b + 1] (bisection). */
function bucketOfRank(before: Int32Array, buckets: number, rank: number): number {
  let low = 0;
  let high = buckets;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (before[middle]! <= rank) low = middle;
    else high = middle;
  }
  return low;
}

/** The rank-th smallest value overall, selected within its bucket's gathered segment. */
function orderStatistic(gathered: Float64Array, starts: Int32Array, counts: Int32Array, before: Int32Array, bucket: number, rank: number): number {
  const start = starts[bucket]!;
  const at = start + rank - before[bucket]!;
  selectInPlace(gathered, at, start, start + counts[bucket]! - 1);
  return gathered[at]!;
}
