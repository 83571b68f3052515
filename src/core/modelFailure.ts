/**
 * Ways a valid scenario can still fail to run (a closed union). The server maps
 * them to 422, the command line to exit code 1 with the message.
 */
export type ModelFailure =
  | {
      readonly kind: 'non-finite-output';
      readonly series: string;
      readonly year: number;
      /** how many paths produced NaN or ±Infinity in that series and year */
      readonly paths: number;
    }
  | { readonly kind: 'inconsistent-origin'; readonly field: string; readonly detail: string }
  | {
      readonly kind: 'unreachable-observation';
      /** e.g. "turnover@2026", and its place in the scenario's observations */
      readonly observation: string;
      readonly index: number;
      /** the paths' effective sample size once weighted by it, and the least accepted */
      readonly effectiveSampleSize: number;
      readonly minimum: number;
    }
  | { readonly kind: 'cancelled' };

/** One sentence for a person. */
export function describeModelFailure(failure: ModelFailure): string {
  switch (failure.kind) {
    case 'non-finite-output':
      return `the model produced NaN or Infinity in ${failure.series} for ${failure.year} on ${failure.paths} path(s); check the parameter ranges`;
    case 'inconsistent-origin':
      return `${failure.field}: ${failure.detail}`;
    case 'unreachable-observation':
      return `observation ${failure.observation}: the paths almost never come near it (effective sample size ${failure.effectiveSampleSize.toFixed(1)} paths, below the ${failure.minimum} the conditioning needs); check its value and unit, or run more paths`;
    case 'cancelled':
      return 'the run was cancelled';
  }
}
