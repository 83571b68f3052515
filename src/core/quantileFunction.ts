import { BETA_GUIDE_CELLS, BETA_QUANTILE_NODES } from './defaults.js';
import type { Distribution, Support } from './distribution.js';
import { regularizedIncompleteBeta } from './incompleteBeta.js';
import { normalCdf } from './normalCdf.js';
import { normalQuantile } from './normalQuantile.js';
import { exp } from './exp.js';
import { log } from './log.js';

/** Maps a uniform u ∈ (0, 1) to a draw of the distribution. */
export type QuantileFunction = (u: number) => number;

/**
 * The one place where a distribution spec becomes a sampler (STYLE 7): its quantile function.
 * Spec values are assumed valid (the scenario schema checks sd > 0, min < max, …).
 */
export function createQuantileFunction(spec: Distribution): QuantileFunction {
  switch (spec.dist) {
    case 'fixed': {
      const value = spec.value;
      return () => value;
    }
    case 'normal': {
      const { mean, sd } = spec;
      return (u) => mean + sd * normalQuantile(u);
    }
    case 'lognormal': {
      const mu = log(spec.median);
      const sigma = spec.sigma;
      return (u) => exp(mu + sigma * normalQuantile(u));
    }
    case 'uniform': {
      const { min, max } = spec;
      return (u) => min + (max - min) * u;
    }
    case 'triangular':
      return triangularQuantile(spec.min, spec.mode, spec.max);
    case 'beta':
      return betaQuantile(spec.alpha, spec.beta, spec.min, spec.max);
    case 'truncnormal':
      return truncatedNormalQuantile(spec.mean, spec.sd, spec.min, spec.max);
    case 'empirical':
      return empiricalQuantile(spec.values);
  }
}

/** The interval a distribution's draws fall in. */
export function supportOf(spec: Distribution): Support {
  switch (spec.dist) {
    case 'fixed':
      return { min: spec.value, max: spec.value };
    case 'normal':
      return { min: -Infinity, max: Infinity };
    case 'lognormal':
      return { min: 0, max: Infinity, minExclusive: true };
    case 'uniform':
    case 'triangular':
    case 'beta':
    case 'truncnormal':
      return { min: spec.min, max: spec.max };
    case 'empirical':
      return { min: Math.min(...spec.values), max: Math.max(...spec.values) };
  }
}

function triangularQuantile(min: number, mode: number, max: number): QuantileFunction {
  const width = max - min;
  const modeCdf = width > 0 ? (mode - min) / width : 0.5;
  return (u) =>
    u < modeCdf ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
}

function truncatedNormalQuantile(mean: number, sd: number, min: number, max: number): QuantileFunction {
  const lower = (min - mean) / sd;
  const upper = (max - mean) / sd;
  // Work in the tail where the bounds sit, so Φ does not round to 1 when both bounds are far right.
  if (lower > 0) {
    const qLower = normalCdf(-lower);
    const qUpper = normalCdf(-upper);
    return (u) => clamp(mean - sd * normalQuantile(qLower - u * (qLower - qUpper)), min, max);
  }
  const pLower = normalCdf(lower);
  const pUpper = normalCdf(upper);
  return (u) => clamp(mean + sd * normalQuantile(pLower + u * (pUpper - pLower)), min, max);
}

function empiricalQuantile(values: readonly number[]): QuantileFunction {
  const sorted = Float64Array.from(values).sort();
  const last = sorted.length - 1;
  return (u) => {
    const position = u * last;
    const below = Math.floor(position);
    if (below >= last) return sorted[last]!;
    const low = sorted[below]!;
    return low + (position - below) * (sorted[below + 1]! - low);
  };
}

interface BetaTable {
  /** the distribution function at BETA_QUANTILE_NODES even steps of [0, 1] */
  readonly cdf: Float64Array;
  /** guide[g]: the last node whose distribution function is ≤ g / BETA_GUIDE_CELLS */
  readonly guide: Int32Array;
}

const betaTables = new Map<string, BetaTable>();

/**
 * Beta quantiles by inverse interpolation of the distribution function tabulated on an even
 * grid of BETA_QUANTILE_NODES points in [0, 1]: the error in a draw is below one grid step
 * (1/4096 of the range). Tables are cached by (α, β): building one costs about a millisecond.
 * A guide table (Chen & Asau 1974) narrows the search for the node below u to a few nodes; it
 * finds the same node as a search of the whole table, so draws do not depend on it.
 */
function betaQuantile(alpha: number, beta: number, min: number, max: number): QuantileFunction {
  const key = `${alpha},${beta}`;
  let tables = betaTables.get(key);
  if (!tables) {
    const cdf = new Float64Array(BETA_QUANTILE_NODES);
    const step = 1 / (BETA_QUANTILE_NODES - 1);
    for (let i = 0; i < BETA_QUANTILE_NODES; i++) cdf[i] = regularizedIncompleteBeta(i * step, alpha, beta);
    cdf[0] = 0;
    cdf[BETA_QUANTILE_NODES - 1] = 1;
    const guide = new Int32Array(BETA_GUIDE_CELLS + 1);
    let node = 0;
    for (let g = 0; g <= BETA_GUIDE_CELLS; g++) {
      const u = g / BETA_GUIDE_CELLS;
      while (node < BETA_QUANTILE_NODES - 1 && cdf[node + 1]! <= u) node++;
      guide[g] = node;
    }
    tables = { cdf, guide };
    betaTables.set(key, tables);
  }
  const { cdf: table, guide } = tables;
  const width = max - min;
  const step = 1 / (BETA_QUANTILE_NODES - 1);
  const last = BETA_QUANTILE_NODES - 1;
  return (u) => {
    // u·BETA_GUIDE_CELLS is exact (a power of two), so cell/CELLS ≤ u < (cell + 1)/CELLS and
    // the node below u lies in [guide[cell], guide[cell + 1]]
    const cell = Math.floor(u * BETA_GUIDE_CELLS);
    let low = guide[cell]!;
    let high = Math.min(guide[cell + 1]! + 1, last);
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (table[middle]! <= u) low = middle;
      else high = middle;
    }
    const below = table[low]!;
    const span = table[high]! - below;
    const fraction = span > 0 ? (u - below) / span : 0;
    return min + width * step * (low + fraction);
  };
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
