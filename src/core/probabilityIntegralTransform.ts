import type { SortedSample } from './sortedSample.js';

/**
 * Probability integral transform of observation y under a sample forecast: the share of the
 * sample below y, with ties counted half (the mid-point of the jump of the empirical
 * distribution function). For a calibrated forecast the PIT values are uniform on [0, 1]
 * (Dawid, JRSS A 147:278, 1984; Gneiting, Balabdaoui & Raftery, JRSS B 69:243–268, 2007).
 */
export function probabilityIntegralTransform(sorted: SortedSample, observation: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const below = firstIndexAtLeast(sorted, observation);
  let equal = 0;
  for (let i = below; i < m && sorted[i] === observation; i++) equal++;
  return (below + 0.5 * equal) / m;
}

/** Index of the first element ≥ value (binary search). */
function firstIndexAtLeast(sorted: SortedSample, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
