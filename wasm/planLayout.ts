// Where a plan lives in this module's memory: src/core/wasmKernel.ts writes a header of 32-bit
// integers (counts, and byte addresses of the plan's arrays) and a few doubles; the kernel reads
// them by these indices. The same names and numbers are in src/core/wasmPlanLayout.ts (a test
// holds the two lists equal).

// integers, at plan + 4·index
export const I_YEARS = 0;
export const I_SECTORS = 1;
export const I_REGIMES = 2;
export const I_PARAMETERS = 3;
export const I_STRIDE = 4;
export const I_INITIAL_REGIME = 5;
export const I_ANTITHETIC = 6;
export const I_BETA_LAST_NODE = 7;
/** f64 arrays */
export const I_TRANSITION_CUMULATIVE = 8;
export const I_LOG_FRICTION = 9;
export const I_ENTRY_JUMP_EXPORTS = 10;
export const I_ENTRY_JUMP_IMPORTS = 11;
export const I_LOG_PRICE = 12;
export const I_LOG_BASE_RATIO = 13;
export const I_IMPORT_CONTENT = 14;
export const I_OBSERVED_OIL = 15;
export const I_OBSERVED_RUB = 16;
export const I_OBSERVED_CRUDE = 17;
export const I_OBSERVED_LOG_OIL = 18;
export const I_OBSERVED_LOG_RUB = 19;
export const I_SHOCK_CONDITIONING = 20;
export const I_CAP_ODDS = 21;
export const I_CAP_TEST_ABOVE = 22;
export const I_CORRELATION = 23;
export const I_ORIGIN = 24;
export const I_INITIAL_LOG_RATIO = 25;
export const I_DIST_NUMBERS = 26;
/** i32 arrays */
export const I_OBSERVED_REGIME = 27;
export const I_PIN_PATTERN = 28;
export const I_PRICE_ROW_CLASS = 29;
export const I_DIST_KINDS = 30;
/** per slot: the address of its table (beta distribution function or sorted sample), its length, its guide's address */
export const I_DIST_TABLES = 31;
export const I_DIST_TABLE_LENGTHS = 32;
export const I_DIST_GUIDES = 33;
/** scratch space for one path-year's numbers */
export const I_SCRATCH = 34;
export const INTEGER_FIELDS = 35;

// doubles, at plan + REALS_OFFSET + 8·index
export const REALS_OFFSET = 144;
export const R_OTHER_ENERGY_0 = 0;
export const R_CRUDE_VOLUME_0 = 1;
export const R_CRUDE_VALUE_PER_MT_PER_DOLLAR = 2;
export const R_BETA_GUIDE_CELLS = 3;
export const R_BETA_STEP = 4;
export const REAL_FIELDS = 5;

/** The integer (count or byte address) in field `index` of the plan header at `plan`. */
// @ts-ignore: decorator
@inline export function field(plan: usize, index: i32): usize {
  return <usize>load<i32>(plan + (<usize>index << 2));
}

/** The double in field `index` of the plan header at `plan`. */
// @ts-ignore: decorator
@inline export function realField(plan: usize, index: i32): f64 {
  return load<f64>(plan + REALS_OFFSET + (<usize>index << 3));
}
