/**
 * Rearranges `values[from..to]` (inclusive) so that the element at `k` is the one a full
 * ascending sort would put there, everything before it ≤ it and everything after ≥ it.
 * Hoare's FIND with median-of-three pivots (Hoare, CACM 4(7):321, 1961); expected O(n).
 * Mutates `values` in place.
 */
export function selectInPlace(values: Float64Array, k: number, from = 0, to = values.length - 1): void {
  let left = from;
  let right = to;
  while (right > left) {
    const middle = (left + right) >>> 1;
    // median of three into values[middle]; values[left] ≤ values[middle] ≤ values[right]
    if (values[middle]! < values[left]!) swap(values, middle, left);
    if (values[right]! < values[left]!) swap(values, right, left);
    if (values[right]! < values[middle]!) swap(values, right, middle);
    const pivot = values[middle]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const t = values[a]!;
  values[a] = values[b]!;
  values[b] = t;
}
