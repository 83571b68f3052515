import type { SortedSample } from './sortedSample.js';

/**
 * Quantile of a sorted sample at probability q ∈ [0, 1], by linear interpolation between order
 * statistics: Hyndman & Fan, "Sample quantiles in statistical packages", Am. Stat. 50(4):361,
 * 1996, definition 7 (R's default, the same rule `percentilesOfBlock` uses):
 * h = (M − 1)·q, value = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 */
export function sampleQuantile(sorted: SortedSample, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(h);
  const low = sorted[below]!;
  if (below >= m - 1) return low;
  return low + (h - below) * (sorted[below + 1]! - low);
}
