/**
 * A sample sorted ascending, with the order carried by the type: the scoring
 * functions that need order statistics take a SortedSample, so a caller cannot hand them an
 * unsorted array by mistake.
 */
export type SortedSample = Float64Array & { readonly __sortedAscending: true };

/** A sorted copy of `values` (the input is left as it was). */
export function sortSample(values: ArrayLike<number>): SortedSample {
  return Float64Array.from(values).sort() as SortedSample;
}

/** Sorts `values` in place and returns it as a SortedSample (no copy). */
export function sortSampleInPlace(values: Float64Array): SortedSample {
  return values.sort() as SortedSample;
}
