/**
 * Tunable numbers of the analysis layer, in one place. Defaults are chosen so that
 * each command's default run finishes in well under 30 s on a 2-core machine; every command
 * prints the sizes it used.
 */

/** Most scenarios in one paired comparison (each holds its paths in memory). */
export const MAX_COMPARED_SCENARIOS = 8;

// — attribution of a paired difference (compare --explain) —

/** Most inputs split between (2^k runs of the scenario: 256 at 8). */
export const MAX_EXPLAIN_INPUTS = 8;
/** Most blocks of paths for the batch-means standard error of a median's parts. */
export const EXPLAIN_BATCHES = 20;
/**
 * Fewest paths in a block of the batch means (fewer paths: fewer blocks; under two blocks, no
 * standard error). Blocks of few paths understate the error: measured over 120 seeds
 * (benchmarks/explainStandardErrors.ts), the parts' spread across seeds was 1.27–1.35 times the
 * reported s.e. with blocks of 50 paths, 1.10–1.18 with blocks of 200–400 in runs of 1,000–2,000
 * paths, and 0.92–1.07 in runs of 4,000 paths or more.
 */
export const EXPLAIN_MIN_BATCH_PATHS = 200;

// — sensitivity —

/** Sobol base sample N (rows of A and of B): N(k + 2) model evaluations in all. */
export const SOBOL_DEFAULT_SAMPLES = 2_048;
/** Sobol base sample when the output is a target's probability (each evaluation runs inner paths). */
export const SOBOL_DEFAULT_SAMPLES_FOR_TARGET = 256;
/** Morris trajectories r: r(k + 1) model evaluations. */
export const MORRIS_DEFAULT_TRAJECTORIES = 100;
/** Morris trajectories when the output is a target's probability. */
export const MORRIS_DEFAULT_TRAJECTORIES_FOR_TARGET = 30;
/** Levels p of the Morris grid; the step is Δ = p / (2(p − 1)) (Morris 1991). */
export const MORRIS_LEVELS = 4;
/** Shock paths averaged per evaluation when the output is a target's probability. */
export const TARGET_INNER_PATHS = 64;
/** Bootstrap resamples for confidence intervals of sensitivity indices. */
export const BOOTSTRAP_RESAMPLES = 400;
/** Most simulated paths one sensitivity analysis may run (evaluations × inner paths). */
export const MAX_SENSITIVITY_PATHS = 20_000_000;
/** Largest Sobol base sample / Morris trajectories accepted. */
export const MAX_SENSITIVITY_SAMPLES = 1 << 20;
/** Largest inner batch of shock paths per evaluation. */
export const MAX_INNER_PATHS = 4_096;
/** Simulated paths per call of the engine in a sensitivity analysis (one output buffer of this size). */
export const SENSITIVITY_PATHS_PER_BATCH = 4_096;
/** Simulated paths between two progress reports (and two chances to cancel) of a sensitivity analysis. */
export const SENSITIVITY_PATHS_PER_STEP = 4_096;
/** Random stream of sensitivity designs and bootstrap resamples (distinct from the engine's streams 1–3). */
export const STREAM_DESIGN = 101;
export const STREAM_BOOTSTRAP = 102;

// — sweeps —

/** Most points of a sweep's grid (each a run of the sweep's paths). */
export const MAX_SWEEP_POINTS = 400;

// — calibration —

/** First year whose log growth belongs to the post-sanctions regime (the 2022 break). */
export const BREAK_YEAR = 2022;
/** Quantile draws written for an `empirical` distribution in a calibration overlay. */
export const OVERLAY_DRAWS = 199;
/** Armington elasticity of cars used to turn the fitted target share into a price wedge (GTAP motor vehicles ≈ 5.6). */
export const CAR_SUBSTITUTION_ELASTICITY = 5.6;

// — back-tests —

/** Earliest default rolling origin; the latest is the year before the last year of data. */
export const BACKTEST_FIRST_ORIGIN = 2010;
/** Default forecast horizons in years (inclusive). */
export const BACKTEST_HORIZONS = { from: 1, to: 5 } as const;
/** Most origins and the longest horizon (years) one back-test accepts. */
export const MAX_BACKTEST_ORIGINS = 60;
export const MAX_BACKTEST_HORIZON = 20;
/** Draws per forecast distribution (model and benchmarks alike). */
export const BACKTEST_SAMPLES = 2_000;
/**
 * Weak priors of the back-test's data-based parameters (docs/model-card.md, fixed before any
 * score was computed), combined with the data up to each origin: a nominal growth rate of trade
 * and crude capacity, and the rouble elasticity of imports.
 */
export const BACKTEST_GROWTH_PRIOR = { mean: 0.03, sd: 0.05 } as const;
export const BACKTEST_ELASTICITY_PRIOR = { mean: 0.5, sd: 0.5 } as const;
/**
 * Two ratios the back-test cannot read from data up to an origin, fixed as stated judgments (the
 * one piece of later information it uses; docs/model-card.md): other energy's share of Russia's
 * non-crude exports to China (gas, LNG, coal, oil products; the baseline's 2025 split gives
 * 27.8 / 52.8 = 0.53), and the car market's size relative to Russia's imports from China (the
 * baseline's 2025 ratio, 35.8 / 103.3 = 0.35). Read from the scenario's origin data instead, they
 * would carry that year's data into every earlier origin (the look-ahead test caught it).
 */
export const BACKTEST_OTHER_ENERGY_SHARE = 0.53;
export const BACKTEST_CAR_MARKET_PER_IMPORTS = 0.35;
/**
 * Degrees of freedom of the scenario's volatility as the prior of the data's, for the demand and
 * non-energy volatilities at a back-test origin (protocol version 2, a change made after looking
 * at version 1's under-coverage: docs/model-card.md).
 */
export const BACKTEST_VOLATILITY_PRIOR_DOF = 4;
/**
 * The prior centre of the demand and non-energy volatilities at a back-test origin: 0.08, the
 * shipped scenarios' value when protocol version 2 was fixed (an assumption). Not the scenario's
 * own value: the baseline's is now estimated on data to 2025 (0.167, 0.112), and as a prior at an
 * earlier origin it would carry later years into that origin's forecasts.
 */
export const BACKTEST_VOLATILITY_PRIOR = 0.08;
/** Log spread of the long-run oil price at a back-test origin when the scenario's is not a lognormal's. */
export const BACKTEST_OIL_LONG_RUN_SIGMA = 0.15;
/** Nominal coverages of the central intervals checked. */
export const COVERAGE_LEVELS = [0.5, 0.8, 0.9] as const;
/** Quantile levels of the pinball loss (averaged). */
export const PINBALL_LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;
/** Bins of the PIT histogram. */
export const PIT_BINS = 5;
/** Random stream of back-test draws. */
export const STREAM_BACKTEST = 103;

// — nowcast of the full year from its first months —

/** Central intervals of the full-year nowcast that are reported and evaluated (80% and 90%). */
export const NOWCAST_INTERVALS = [0.8, 0.9] as const;
