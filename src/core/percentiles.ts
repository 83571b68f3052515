import { createPercentileWorkspace, percentilesOfBlock } from './percentilesOfBlock.js';

/**
 * Percentiles of any finite sample (definition 7, by selection, as `percentilesOfBlock`), for
 * callers with one block at a time: finds the range and makes the scratch space itself.
 * Leaves `values` as it was; writes into `into`.
 */
export function percentiles(values: Float64Array, probabilities: readonly number[], into: Float64Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  percentilesOfBlock(values, min, max, probabilities, into, createPercentileWorkspace(values.length));
}
