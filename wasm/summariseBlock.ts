// A block's summary (one series in one year): the mean summed chunk by chunk of paths (each
// chunk's values in path order, then the chunks' sums in chunk order) and the percentiles by
// distributive selection — `summariseBlockInto` and `percentilesOfBlock` of src/core (whose
// comments explain the method), the same operations in the same order, so the same bits.

/**
 * Mean and percentiles of the `count` doubles at `block`, written at `into` (the mean, then one
 * value per probability at `probabilities`). The sum behind the mean goes chunk by chunk: chunks
 * of `chunkPaths` values, or, when `chunkCount` > 0, beginning at the `chunkCount` ascending
 * indices (i32, the first 0) at `chunkStarts`. Returns how many values are NaN or ±Infinity;
 * then nothing is written. `workspace` holds `bucketsMost` buckets' counts, cumulative counts,
 * slots and starts (i32) and then `count` doubles. Leaves the block as it was.
 */
export function summariseBlock(
  block: usize,
  count: i32,
  into: usize,
  probabilities: usize,
  probabilityCount: i32,
  workspace: usize,
  bucketsMost: i32,
  chunkPaths: i32,
  chunkStarts: usize,
  chunkCount: i32,
): i32 {
  let sum: f64 = 0;
  let smallest: f64 = Infinity;
  let largest: f64 = -Infinity;
  const chunks = chunkCount > 0 ? chunkCount : (count + chunkPaths - 1) / chunkPaths;
  for (let c = 0; c < chunks; c++) {
    const start = chunkCount > 0 ? load<i32>(chunkStarts + (<usize>c << 2)) : c * chunkPaths;
    const end = chunkCount > 0 ? (c + 1 < chunks ? load<i32>(chunkStarts + (<usize>(c + 1) << 2)) : count) : min<i32>(count, start + chunkPaths);
    let chunk: f64 = 0;
    for (let p = start; p < end; p++) {
      const v = load<f64>(block + (<usize>p << 3));
      chunk += v;
      smallest = v < smallest ? v : smallest;
      largest = v > largest ? v : largest;
    }
    sum = sum + chunk;
  }
  if (sum - sum != 0) {
    let nonFinite = 0;
    for (let p = 0; p < count; p++) {
      const v = load<f64>(block + (<usize>p << 3));
      if (!(v - v == 0)) nonFinite++;
    }
    if (nonFinite > 0) return nonFinite;
  }
  store<f64>(into, sum / <f64>count);
  percentilesOfBlock(block, count, smallest, largest, probabilities, probabilityCount, into + 8, workspace, bucketsMost);
  return 0;
}

function percentilesOfBlock(values: usize, n: i32, smallest: f64, largest: f64, probabilities: usize, probabilityCount: i32, into: usize, workspace: usize, bucketsMost: i32): void {
  if (n == 0) {
    for (let i = 0; i < probabilityCount; i++) store<f64>(into + (<usize>i << 3), NaN);
    return;
  }
  const counts = workspace;
  const before = counts + (<usize>bucketsMost << 2);
  const slots = before + (<usize>(bucketsMost + 1) << 2);
  const starts = slots + (<usize>bucketsMost << 2);
  const gathered = (starts + (<usize>bucketsMost << 2) + 7) & ~7;
  let buckets = max<i32>(1, min<i32>(bucketsMost, n >> 2));
  const range = largest - smallest;
  const scale = <f64>buckets / range;
  if (!(range > 0 && range < Infinity && scale < Infinity)) buckets = 1;
  const last = buckets - 1;
  const lastReal = <f64>last;
  if (buckets == 1) {
    store<i32>(counts, n);
    store<i32>(before, 0);
    store<i32>(before, n, 4);
    memory.copy(gathered, values, <usize>n << 3);
    store<i32>(starts, 0);
  } else {
    memory.fill(counts, 0, <usize>buckets << 2);
    for (let i = 0; i < n; i++) {
      const b = <i32>min<f64>(lastReal, floor<f64>((load<f64>(values + (<usize>i << 3)) - smallest) * scale));
      const at = counts + (<usize>b << 2);
      store<i32>(at, load<i32>(at) + 1);
    }
    store<i32>(before, 0);
    for (let b = 0; b < buckets; b++) store<i32>(before + (<usize>(b + 1) << 2), load<i32>(before + (<usize>b << 2)) + load<i32>(counts + (<usize>b << 2)));

    for (let b = 0; b < buckets; b++) store<i32>(slots + (<usize>b << 2), -1);
    let gatheredSize = 0;
    for (let i = 0; i < probabilityCount; i++) {
      const low = <i32>floor<f64>(<f64>(n - 1) * load<f64>(probabilities + (<usize>i << 3)));
      for (let twice = 0; twice < 2; twice++) {
        const rank = twice == 0 ? low : min<i32>(n - 1, low + 1);
        const b = bucketOfRank(before, buckets, rank);
        const at = slots + (<usize>b << 2);
        if (load<i32>(at) == -1) {
          store<i32>(at, gatheredSize);
          gatheredSize += load<i32>(counts + (<usize>b << 2));
        }
      }
    }
    memory.copy(starts, slots, <usize>buckets << 2);
    for (let i = 0; i < n; i++) {
      const v = load<f64>(values + (<usize>i << 3));
      const b = <i32>min<f64>(lastReal, floor<f64>((v - smallest) * scale));
      const at = slots + (<usize>b << 2);
      const slot = load<i32>(at);
      if (slot >= 0) {
        store<f64>(gathered + (<usize>slot << 3), v);
        store<i32>(at, slot + 1);
      }
    }
  }

  for (let i = 0; i < probabilityCount; i++) {
    const h = <f64>(n - 1) * load<f64>(probabilities + (<usize>i << 3));
    const lowReal = floor<f64>(h);
    const low = <i32>lowReal;
    let value = orderStatistic(gathered, starts, counts, before, bucketOfRank(before, buckets, low), low);
    if (h > lowReal) {
      const next = orderStatistic(gathered, starts, counts, before, bucketOfRank(before, buckets, low + 1), low + 1);
      value = value + (h - lowReal) * (next - value);
    }
    store<f64>(into + (<usize>i << 3), value);
  }
}

/** The bucket b with before[b] ≤ rank < before[b + 1] (bisection). */
function bucketOfRank(before: usize, buckets: i32, rank: i32): i32 {
  let low = 0;
  let high = buckets;
  while (high - low > 1) {
    const middle = <i32>(<u32>(low + high) >>> 1);
    if (load<i32>(before + (<usize>middle << 2)) <= rank) low = middle;
    else high = middle;
  }
  return low;
}

/** The rank-th smallest value overall, selected within its bucket's gathered segment. */
function orderStatistic(gathered: usize, starts: usize, counts: usize, before: usize, bucket: i32, rank: i32): f64 {
  const start = load<i32>(starts + (<usize>bucket << 2));
  const at = start + rank - load<i32>(before + (<usize>bucket << 2));
  selectInPlace(gathered, at, start, start + load<i32>(counts + (<usize>bucket << 2)) - 1);
  return load<f64>(gathered + (<usize>at << 3));
}

/** Hoare's FIND with median-of-three pivots over values[from..to] (selectInPlace). */
function selectInPlace(values: usize, k: i32, from: i32, to: i32): void {
  let left = from;
  let right = to;
  while (right > left) {
    const middle = <i32>(<u32>(left + right) >>> 1);
    if (get(values, middle) < get(values, left)) swap(values, middle, left);
    if (get(values, right) < get(values, left)) swap(values, right, left);
    if (get(values, right) < get(values, middle)) swap(values, right, middle);
    const pivot = get(values, middle);
    let i = left;
    let j = right;
    while (i <= j) {
      while (get(values, i) < pivot) i++;
      while (get(values, j) > pivot) j--;
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

// @ts-ignore: decorator
@inline function get(values: usize, i: i32): f64 {
  return load<f64>(values + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function swap(values: usize, a: i32, b: i32): void {
  const t = get(values, a);
  store<f64>(values + (<usize>a << 3), get(values, b));
  store<f64>(values + (<usize>b << 3), t);
}

/** Bytes of the workspace `summariseBlock` needs for blocks of up to `count` values. */
export function summaryWorkspaceBytes(count: i32, bucketsMost: i32): i32 {
  // counts, slots and starts (buckets each), cumulative counts (buckets + 1), then the doubles
  return (((4 * bucketsMost + 1) * 4 + 7) & ~7) + count * 8;
}
