import { BETA_GUIDE_CELLS, BETA_QUANTILE_NODES } from './defaults.js';
import type { Distribution, Support } from './distribution.js';
import { exp } from './exp.js';
import { regularizedIncompleteBeta } from './incompleteBeta.js';
import { log } from './log.js';
import { normalCdf } from './normalCdf.js';
import { normalQuantile } from './normalQuantile.js';

/** Maps a uniform u ∈ (0, 1) to a draw of the distribution. */
export type QuantileFunction = (u: number) => number;

/**
 * A set of distributions compiled to numbers: for slot i, a kind code, NUMBERS_PER_SLOT numbers
 * and, for beta and empirical distributions, a table. The engine draws every parameter of a
 * path through `quantileOf` — one monomorphic call with typed data instead of a closure per
 * distribution, which the compiler could neither inline nor predict.
 */
export interface CompiledDistributions {
  readonly kinds: Int32Array;
  readonly numbers: Float64Array;
  /** the beta distribution function on its grid, or an empirical distribution's sorted values */
  readonly tables: readonly (Float64Array | null)[];
  /** the beta tables' guide tables */
  readonly guides: readonly (Int32Array | null)[];
}

const FIXED = 0;
const NORMAL = 1;
const LOGNORMAL = 2;
const UNIFORM = 3;
const TRIANGULAR = 4;
const BETA = 5;
/** a truncated normal whose bounds both lie right of the mean: worked in the upper tail */
const TRUNCATED_NORMAL_UPPER_TAIL = 6;
const TRUNCATED_NORMAL = 7;
const EMPIRICAL = 8;
const NUMBERS_PER_SLOT = 6;

/**
 * The one place where a distribution spec becomes a sampler: what each kind's
 * quantile function needs, computed once. Spec values are assumed valid (the scenario schema
 * checks sd > 0, min < max, …).
 */
export function compileDistributions(specs: readonly Distribution[]): CompiledDistributions {
  const kinds = new Int32Array(specs.length);
  const numbers = new Float64Array(specs.length * NUMBERS_PER_SLOT);
  const tables: (Float64Array | null)[] = [];
  const guides: (Int32Array | null)[] = [];
  specs.forEach((spec, slot) => {
    const at = slot * NUMBERS_PER_SLOT;
    const set = (...values: number[]) => numbers.set(values, at);
    let table: Float64Array | null = null;
    let guide: Int32Array | null = null;
    switch (spec.dist) {
      case 'fixed':
        kinds[slot] = FIXED;
        set(spec.value);
        break;
      case 'normal':
        kinds[slot] = NORMAL;
        set(spec.mean, spec.sd);
        break;
      case 'lognormal':
        kinds[slot] = LOGNORMAL;
        set(log(spec.median), spec.sigma);
        break;
      case 'uniform':
        kinds[slot] = UNIFORM;
        set(spec.min, spec.max - spec.min);
        break;
      case 'triangular': {
        const width = spec.max - spec.min;
        kinds[slot] = TRIANGULAR;
        set(spec.min, spec.mode, spec.max, width, width > 0 ? (spec.mode - spec.min) / width : 0.5);
        break;
      }
      case 'beta': {
        const tabulated = betaTable(spec.alpha, spec.beta);
        kinds[slot] = BETA;
        set(spec.min, spec.max - spec.min);
        table = tabulated.cdf;
        guide = tabulated.guide;
        break;
      }
      case 'truncnormal': {
        const { mean, sd, min, max } = spec;
        const lower = (min - mean) / sd;
        const upper = (max - mean) / sd;
        // work in the tail where the bounds sit, so Φ does not round to 1 when both are far right
        if (lower > 0) {
          kinds[slot] = TRUNCATED_NORMAL_UPPER_TAIL;
          set(mean, sd, min, max, normalCdf(-lower), normalCdf(-upper));
        } else {
          kinds[slot] = TRUNCATED_NORMAL;
          set(mean, sd, min, max, normalCdf(lower), normalCdf(upper));
        }
        break;
      }
      case 'empirical':
        kinds[slot] = EMPIRICAL;
        table = Float64Array.from(spec.values).sort();
        break;
    }
    tables.push(table);
    guides.push(guide);
  });
  return { kinds, numbers, tables, guides };
}

/** The draw of slot `slot` of `compiled` for the uniform u ∈ (0, 1). */
export function quantileOf(compiled: CompiledDistributions, slot: number, u: number): number {
  const n = compiled.numbers;
  const at = slot * NUMBERS_PER_SLOT;
  switch (compiled.kinds[slot]) {
    case FIXED:
      return n[at]!;
    case NORMAL:
      return n[at]! + n[at + 1]! * normalQuantile(u);
    case LOGNORMAL:
      return exp(n[at]! + n[at + 1]! * normalQuantile(u));
    case UNIFORM:
      return n[at]! + n[at + 1]! * u;
    case TRIANGULAR: {
      const min = n[at]!;
      const mode = n[at + 1]!;
      const max = n[at + 2]!;
      const width = n[at + 3]!;
      return u < n[at + 4]! ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
    }
    case BETA:
      return n[at]! + n[at + 1]! * BETA_STEP * betaGridPosition(compiled.tables[slot]!, compiled.guides[slot]!, u);
    case TRUNCATED_NORMAL_UPPER_TAIL: {
      const qLower = n[at + 4]!;
      return clamp(n[at]! - n[at + 1]! * normalQuantile(qLower - u * (qLower - n[at + 5]!)), n[at + 2]!, n[at + 3]!);
    }
    case TRUNCATED_NORMAL: {
      const pLower = n[at + 4]!;
      return clamp(n[at]! + n[at + 1]! * normalQuantile(pLower + u * (n[at + 5]! - pLower)), n[at + 2]!, n[at + 3]!);
    }
    default:
      return empiricalQuantile(compiled.tables[slot]!, u);
  }
}

/** The quantile function of one distribution. */
export function createQuantileFunction(spec: Distribution): QuantileFunction {
  const compiled = compileDistributions([spec]);
  return (u) => quantileOf(compiled, 0, u);
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

/** Quantiles of an equal-weight sample: linear interpolation between the sorted values. */
function empiricalQuantile(sorted: Float64Array, u: number): number {
  const last = sorted.length - 1;
  const position = u * last;
  const below = Math.floor(position);
  if (below >= last) return sorted[last]!;
  const low = sorted[below]!;
  return low + (position - below) * (sorted[below + 1]! - low);
}

interface BetaTable {
  /** the distribution function at BETA_QUANTILE_NODES even steps of [0, 1] */
  readonly cdf: Float64Array;
  /** guide[g]: the last node whose distribution function is ≤ g / BETA_GUIDE_CELLS */
  readonly guide: Int32Array;
}

const betaTables = new Map<string, BetaTable>();
const BETA_STEP = 1 / (BETA_QUANTILE_NODES - 1);

/**
 * Beta quantiles by inverse interpolation of the distribution function tabulated on an even
 * grid of BETA_QUANTILE_NODES points in [0, 1]: the error in a draw is below one grid step
 * (1/4096 of the range). Tables are cached by (α, β): building one costs about a millisecond.
 * A guide table (Chen & Asau 1974) narrows the search for the node below u to a few nodes; it
 * finds the same node as a search of the whole table, so draws do not depend on it.
 */
function betaTable(alpha: number, beta: number): BetaTable {
  const key = `${alpha},${beta}`;
  let tables = betaTables.get(key);
  if (!tables) {
    const cdf = new Float64Array(BETA_QUANTILE_NODES);
    for (let i = 0; i < BETA_QUANTILE_NODES; i++) cdf[i] = regularizedIncompleteBeta(i * BETA_STEP, alpha, beta);
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
  return tables;
}

/** The grid position (in steps, fractional) where the tabulated distribution function reaches u. */
function betaGridPosition(table: Float64Array, guide: Int32Array, u: number): number {
  const last = BETA_QUANTILE_NODES - 1;
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
  return low + fraction;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
