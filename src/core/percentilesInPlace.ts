import { selectInPlace } from './selectInPlace.js';

/**
 * Percentiles of `values` by selection, not sorting (≈ 6× faster, DESIGN §5), with linear
 * interpolation between order statistics (Hyndman & Fan 1996, definition 7, R's default):
 * for probability q, h = (n − 1)·q and the value is x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 * `probabilities` must be ascending. Reorders `values` in place; writes into `into`.
 */
export function percentilesInPlace(values: Float64Array, probabilities: readonly number[], into: Float64Array): void {
  const n = values.length;
  if (n === 0) {
    into.fill(NaN);
    return;
  }
  const last = n - 1;
  let from = 0; // everything before `from` is already ≤ what is still to be selected
  for (let i = 0; i < probabilities.length; i++) {
    const h = last * probabilities[i]!;
    const below = Math.floor(h);
    selectInPlace(values, below, from, last);
    const low = values[below]!;
    let value = low;
    if (h > below) {
      // the next order statistic is the minimum of what lies above `below`
      let next = Infinity;
      for (let j = below + 1; j <= last; j++) if (values[j]! < next) next = values[j]!;
      value = low + (h - below) * (next - low);
    }
    into[i] = value;
    from = below;
  }
}
