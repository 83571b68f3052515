// Parameter draws: the quantile function of each compiled distribution, the operations of
// `quantileOf` in src/core/quantileFunction.ts (whose comments explain them), on the numbers
// and tables `compileDistributions` made, laid out in this module's memory by
// src/core/wasmKernel.ts.
import { exp } from './exp';
import { normalQuantile } from './normalQuantile';
import { field, I_BETA_LAST_NODE, I_DIST_GUIDES, I_DIST_KINDS, I_DIST_NUMBERS, I_DIST_TABLE_LENGTHS, I_DIST_TABLES, R_BETA_GUIDE_CELLS, R_BETA_STEP, realField } from './planLayout';

export const FIXED = 0;
export const NORMAL = 1;
export const LOGNORMAL = 2;
export const UNIFORM = 3;
export const TRIANGULAR = 4;
export const BETA = 5;
export const TRUNCATED_NORMAL_UPPER_TAIL = 6;
export const TRUNCATED_NORMAL = 7;
/** numbers per slot (NUMBERS_PER_SLOT) */
export const NUMBERS = 6;

/** The draw of slot `slot` for the uniform u ∈ (0, 1). */
export function quantileOf(plan: usize, slot: i32, u: f64): f64 {
  const n = field(plan, I_DIST_NUMBERS) + (<usize>(slot * NUMBERS) << 3);
  switch (load<i32>(field(plan, I_DIST_KINDS) + (<usize>slot << 2))) {
    case FIXED:
      return load<f64>(n);
    case NORMAL:
      return load<f64>(n) + load<f64>(n, 8) * normalQuantile(u);
    case LOGNORMAL:
      return exp(load<f64>(n) + load<f64>(n, 8) * normalQuantile(u));
    case UNIFORM:
      return load<f64>(n) + load<f64>(n, 8) * u;
    case TRIANGULAR: {
      const min = load<f64>(n);
      const mode = load<f64>(n, 8);
      const max = load<f64>(n, 16);
      const width = load<f64>(n, 24);
      return u < load<f64>(n, 32) ? min + sqrt<f64>(u * width * (mode - min)) : max - sqrt<f64>((1 - u) * width * (max - mode));
    }
    case BETA:
      return load<f64>(n) + load<f64>(n, 8) * realField(plan, R_BETA_STEP) * betaGridPosition(plan, slot, u);
    case TRUNCATED_NORMAL_UPPER_TAIL: {
      const qLower = load<f64>(n, 32);
      return clamp(load<f64>(n) - load<f64>(n, 8) * normalQuantile(qLower - u * (qLower - load<f64>(n, 40))), load<f64>(n, 16), load<f64>(n, 24));
    }
    case TRUNCATED_NORMAL: {
      const pLower = load<f64>(n, 32);
      return clamp(load<f64>(n) + load<f64>(n, 8) * normalQuantile(pLower + u * (load<f64>(n, 40) - pLower)), load<f64>(n, 16), load<f64>(n, 24));
    }
    default:
      return empiricalQuantile(load<usize>(field(plan, I_DIST_TABLES) + (<usize>slot << 2)), load<i32>(field(plan, I_DIST_TABLE_LENGTHS) + (<usize>slot << 2)), u);
  }
}

/** Linear interpolation between the sorted values of an equal-weight sample. */
function empiricalQuantile(sorted: usize, length: i32, u: f64): f64 {
  const last = length - 1;
  const position = u * <f64>last;
  const below = floor<f64>(position);
  if (below >= <f64>last) return load<f64>(sorted + (<usize>last << 3));
  const at = sorted + (<usize>(<i32>below) << 3);
  const low = load<f64>(at);
  return low + (position - below) * (load<f64>(at, 8) - low);
}

/** The grid position (in steps, fractional) where the tabulated beta distribution function reaches u. */
function betaGridPosition(plan: usize, slot: i32, u: f64): f64 {
  const table = load<usize>(field(plan, I_DIST_TABLES) + (<usize>slot << 2));
  const guide = load<usize>(field(plan, I_DIST_GUIDES) + (<usize>slot << 2));
  const last = <i32>field(plan, I_BETA_LAST_NODE);
  const cell = <i32>floor<f64>(u * realField(plan, R_BETA_GUIDE_CELLS));
  let low = load<i32>(guide + (<usize>cell << 2));
  let high = min<i32>(load<i32>(guide + (<usize>(cell + 1) << 2)) + 1, last);
  while (high - low > 1) {
    const middle = <i32>(<u32>(low + high) >>> 1);
    if (load<f64>(table + (<usize>middle << 3)) <= u) low = middle;
    else high = middle;
  }
  const below = load<f64>(table + (<usize>low << 3));
  const span = load<f64>(table + (<usize>high << 3)) - below;
  const fraction = span > 0 ? (u - below) / span : 0;
  return <f64>low + fraction;
}

// @ts-ignore: decorator
@inline function clamp(value: f64, min: f64, max: f64): f64 {
  return value < min ? min : value > max ? max : value;
}

