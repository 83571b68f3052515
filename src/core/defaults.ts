/**
 * Tunable numbers, in one place. Units are in the names or the comments.
 */

/** Monte Carlo paths when neither the scenario nor the caller says. */
export const DEFAULT_PATHS = 10_000;

/** Master seed when neither the scenario nor the caller says; always recorded in the result. */
export const DEFAULT_SEED = 2030;

/**
 * How a run's paths draw their random numbers when neither the scenario nor the caller says:
 * independently. `antithetic` pairs them (modelPlan.ts SAMPLINGS); it stays off by default
 * until its variance reduction is measured on the shipped scenarios.
 */
export const DEFAULT_SAMPLING = 'independent';

/** Projection horizon (calendar year) when the scenario does not say. */
export const DEFAULT_HORIZON = 2030;

/** Percentiles reported for every series and year, as fractions. */
export const PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** Most buckets the percentile selection counts values into (a few kB of counts, reused). */
export const PERCENTILE_BUCKETS = 4_096;

/**
 * Paths simulated between two progress reports (and two chances to cancel); a worker thread's
 * unit of work. A scenario larger than the shipped ones has proportionally fewer per chunk
 * (`pathsPerChunk`, src/run/runCost.ts), so a chunk takes about as long whatever its size.
 */
export const PATHS_PER_CHUNK = 4_096;

/**
 * Sectors of the scenario whose path-year is the unit of work (the shipped scenarios have 5):
 * a scenario with more counts `sectors ÷ SCENARIO_SIZE_SECTORS` path-years per path-year.
 */
export const SCENARIO_SIZE_SECTORS = 5;

/**
 * Steps of a bootstrap (one row of one factor in one resample) that cost about one path-year:
 * measured here 3.3–5.6 ns a step against ≈ 3.4 µs a path-year at the sizes a server allows
 * (2,048–2,500 samples, whose outputs fit in the cache); ≈ 14 ns at 15,000 samples.
 */
export const BOOTSTRAP_OPERATIONS_PER_PATH_YEAR = 512;

/**
 * Most (projected year, regime, sector) cells a scenario's plan may have: the plan keeps four
 * log prices and a class id for each (36 bytes), so this caps it at ≈ 18 MB before anything
 * is compiled. The shipped scenarios have 90.
 */
export const MAX_PLAN_CELLS = 500_000;

/**
 * Runs of at least this many paths are simulated and summarised one year at a time, keeping
 * each path's state (≈ 0.6 KB) instead of every year of output (≈ 1.2 KB a path): 1,000,000
 * paths then fit in well under 1.5 GB. The bytes of the result do not depend on it.
 */
export const STREAM_MIN_PATHS = 250_000;

/** Runs of fewer paths stay on the calling thread even when a worker pool is at hand. */
export const PARALLEL_MIN_PATHS = 20_000;

/** Most worker threads a run may ask for. */
export const MAX_THREADS = 64;

/** Shares per worker thread each batch of a pool run is cut into, a message each: 2 → four messages a batch on two threads. */
export const SHARES_OF_A_BATCH_PER_THREAD = 2;

/** Buffer sets of finished runs a worker pool keeps for the next run of the same shape. */
export const SPARE_BUFFER_SETS = 2;

/** A pool worker idle this long (ms) collects garbage, freeing finished runs' shared buffers. */
export const WORKER_IDLE_GC_MS = 500;

/** Longest stretch of simulation on the calling thread between two turns of its event loop, ms. */
export const EVENT_LOOP_TURN_MS = 20;

/** Tolerance for "sums to one" checks on shares and probabilities given in scenario files. */
export const PROBABILITY_SUM_TOLERANCE = 1e-6;

/** Barrels per tonne of crude oil (Urals-type, API gravity ≈ 31°); converts Mt × $/bbl to US$ bn. */
export const BARRELS_PER_TONNE = 7.33;

/** Nodes in the tabulated quantile function of a beta distribution (linear interpolation between). */
export const BETA_QUANTILE_NODES = 4_097;

/** Cells of the guide table that narrows the search of the beta table (a power of two). */
export const BETA_GUIDE_CELLS = 4_096;

/** Largest seed accepted: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

/** Largest projection horizon accepted (calendar year); beyond it the model is not meant to speak. */
export const MAX_HORIZON = 2060;

/** Largest paths per run the engine accepts from any caller (the server caps lower). */
export const MAX_PATHS = 2_000_000;

/** Most observations one scenario or request may carry. */
export const MAX_OBSERVATIONS = 100;

/**
 * Measurement error of an observed outcome, when the observation does not state its own `sd`:
 * of the log of a money value (US$ bn), and of a share (absolute). Assumptions: GACC's annual
 * totals as different wires report them differ by well under 1%; for Chinese brands' share of
 * Russia's 2025 car sales, sources give 51–52% (scenarios/data/sector_shares.csv).
 */
export const OUTCOME_LOG_SD = 0.01;
export const OUTCOME_SHARE_SD = 0.005;

/**
 * Conditioning on an outcome weights the paths; below this effective sample size — in paths,
 * and as a share of the paths — the paths cannot honestly represent the observation (it lies
 * where almost none of them go), and the run is refused naming it.
 */
export const MIN_EFFECTIVE_PATHS = 100;
export const MIN_EFFECTIVE_SHARE = 0.01;

/** Significance level of the two-sided tests and intervals the reports print (95%). */
export const CONFIDENCE_LEVEL = 0.95;

/** Fewest years a partial period (or its momentum regression) needs before the nowcast speaks for it. */
export const NOWCAST_MIN_YEARS = 4;

/** Quantiles of the full-year nowcast that are reported, as fractions. */
export const NOWCAST_QUANTILES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;
