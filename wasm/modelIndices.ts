// The indices the path loops read: they mirror src/core/modelPlan.ts (parameters, suppliers),
// src/core/pathStates.ts (a path's state row), src/core/random.ts (streams),
// src/core/simulationOutput.ts (series) and src/core/simulatePaths.ts (a path-year's exponentials).
// suppliers (SUPPLIERS)
export const J = 4;
export const CHINA = 0;
export const WEST = 1;
export const DOMESTIC = 2;
export const OTHER = 3;
// per-path parameters (GLOBAL_PARAMETERS, then SECTOR_PARAMETERS per sector, then LATER_PARAMETERS)
export const G = 12;
export const S = 5;
export const P_OIL_LONG_RUN = 0;
export const P_OIL_REVERSION = 1;
export const P_OIL_VOLATILITY = 2;
export const P_RUB_DRIFT = 3;
export const P_RUB_VOLATILITY = 4;
export const P_CRUDE_CAPACITY = 5;
export const P_CRUDE_CATCH_UP = 6;
export const P_OTHER_ENERGY_ELASTICITY = 7;
export const P_NON_ENERGY_GROWTH = 8;
export const P_NON_ENERGY_VOLATILITY = 9;
export const P_OTHER_IMPORTS_GROWTH = 10;
export const P_DEMAND_VOLATILITY = 11;
export const S_GROWTH = 0;
export const S_ROUBLE = 1;
export const S_ELASTICITY = 2;
export const S_SPEED = 3;
export const S_VOLATILITY = 4;
// a path's state row after its parameters (pathStateLayout), offsets from `parameters`
export const L_LOG_OIL_LONG_RUN = 0;
export const L_OIL_PERSISTENCE = 1;
export const L_OIL_INNOVATION = 2;
export const L_LOG_OIL = 3;
export const L_LOG_RUB = 4;
export const L_CRUDE_VOLUME = 5;
export const L_LOG_NON_ENERGY = 6;
export const L_LOG_OTHER_IMPORTS = 7;
export const L_REGIME = 8;
export const L_JUMP_EXPORTS = 9;
export const L_JUMP_IMPORTS = 10;
export const L_LOG_MARKET = 11;
// the origin's logs (originStateOf)
export const ORIGIN_LOG_OIL = 0;
export const ORIGIN_LOG_RUB = 1;
export const ORIGIN_LOG_NON_ENERGY = 2;
export const ORIGIN_LOG_OTHER_IMPORTS = 3;
export const ORIGIN_LOG_MARKET = 4;
// random streams (random.ts)
export const STREAM_PARAMETERS: u32 = 1;
export const STREAM_MACRO: u32 = 2;
export const STREAM_SECTORS: u32 = 3;
export const PARAMETER_YEAR_KEY: u32 = 0xffff;
export const MACRO_UNIFORMS = 6;
export const MACRO_UNIFORMS_WITHOUT_CRUDE = 5;
// observed drivers (PINNED_*, CONDITIONING_STRIDE)
export const PINNED_OIL = 1;
export const PINNED_ROUBLE = 2;
export const CONDITIONING_STRIDE = 32;
// series (simulationOutput.ts)
export const SERIES_TURNOVER = 0;
export const SERIES_EXPORTS = 1;
export const SERIES_IMPORTS = 2;
export const SERIES_OIL_PRICE = 3;
export const SERIES_RUB_PER_CNY = 4;
export const FIRST_SHARE_SERIES = 5;
// a path-year's exponentials
export const E_OIL = 0;
export const E_OTHER_ENERGY = 1;
export const E_NON_ENERGY = 2;
export const E_OTHER_IMPORTS = 3;
export const E_RUB = 4;
export const E_SECTORS = 5;
export const E_PER_SECTOR = 4;
export const E_CHINA = 0;
export const E_OTHER = 1;
export const E_WEST = 2;
export const E_MARKET = 3;

