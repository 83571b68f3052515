/**
 * Shapley values of k inputs from the value of every coalition (Shapley, "A value for n-person
 * games", 1953): input i gets Σ over coalitions S without i of
 * |S|! (k − 1 − |S|)! / k! · (v(S ∪ {i}) − v(S)), its marginal effect averaged over every
 * order in which the inputs could be switched. The values add up to v(all) − v(none)
 * (efficiency), an input that changes nothing gets 0, and swapping the roles of "none" and
 * "all" negates every value.
 *
 * `values[mask]` is v of the coalition whose bit i is set for each input i in it; `into[i]`
 * receives input i's value. The terms are added in a fixed order of pairs — S with its
 * complement among the other inputs, which carries the same weight — so that the sums for
 * the reversed comparison are the exact negatives, bit for bit, not just up to rounding.
 */
export function shapleyValuesInto(inputCount: number, values: ArrayLike<number>, into: Float64Array): void {
  const weights = shapleyWeights(inputCount);
  const all = (1 << inputCount) - 1;
  for (let i = 0; i < inputCount; i++) {
    const bit = 1 << i;
    const others = all ^ bit;
    let sum = 0;
    for (let coalition = 0; coalition <= others; coalition++) {
      if ((coalition & bit) !== 0) continue;
      const complement = others ^ coalition;
      if (complement < coalition) continue; // the pair was added at its smaller member
      const weight = weights[popCount(coalition)]!;
      const marginal = values[coalition | bit]! - values[coalition]!;
      if (complement === coalition) sum += weight * marginal;
      else sum += weight * (marginal + (values[complement | bit]! - values[complement]!));
    }
    into[i] = sum;
  }
}

/** Weights s! (k − 1 − s)! / k! for coalitions of size s = 0 … k − 1 (exact factorials for k ≤ 18; the products commute, so size s and k − 1 − s weigh the same to the bit). */
function shapleyWeights(inputCount: number): Float64Array {
  const factorial = [1];
  for (let n = 1; n <= inputCount; n++) factorial.push(factorial[n - 1]! * n);
  const weights = new Float64Array(Math.max(1, inputCount));
  for (let size = 0; size < inputCount; size++) weights[size] = (factorial[size]! * factorial[inputCount - 1 - size]!) / factorial[inputCount]!;
  return weights;
}

function popCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}
