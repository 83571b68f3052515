/**
 * Distributions of per-path parameters, as plain resolved numbers (the scenario layer turns
 * the file's expressions into these). Every distribution is sampled by its quantile function
 * from one uniform, so a path's parameter draws can come from the generator or from a
 * sensitivity design alike, and stay aligned across scenarios.
 */
export type Distribution =
  | { readonly dist: 'fixed'; readonly value: number }
  | { readonly dist: 'normal'; readonly mean: number; readonly sd: number }
  /** median e^μ and σ of the log */
  | { readonly dist: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'triangular'; readonly min: number; readonly mode: number; readonly max: number }
  /** Beta(α, β) scaled to [min, max] */
  | { readonly dist: 'beta'; readonly alpha: number; readonly beta: number; readonly min: number; readonly max: number }
  /** a normal N(mean, sd²) restricted to [min, max] */
  | { readonly dist: 'truncnormal'; readonly mean: number; readonly sd: number; readonly min: number; readonly max: number }
  /** equal-weight sample (e.g. from calibration); quantiles interpolate between sorted values */
  | { readonly dist: 'empirical'; readonly values: readonly number[] };

export type DistributionKind = Distribution['dist'];

/** Smallest and largest values a distribution can produce (±Infinity when unbounded). */
export interface Support {
  readonly min: number;
  readonly max: number;
  /** true when draws come arbitrarily close to `min` but never equal it (lognormal at 0) */
  readonly minExclusive?: boolean;
}
