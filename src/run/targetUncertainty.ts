import type { TargetResult } from './simulationResult.js';
/** Paths on the rarer side of a target below which ± its standard error misleads, and its 95% interval is shown instead. */
export const FEW_PATHS = 10;

/**
 * How uncertain a projected target's probability is, in words for the command line's table and
 * the page: "± s.e. pp", or, when fewer than FEW_PATHS paths meet a target (or fail it), its 95% interval
 * — ± would say "0.0% ± 0.0" of a target no path meets, where the interval says how small it
 * is known to be.
 */
export function uncertaintyOf(target: TargetResult, paths: number): string {
  if (!fewPaths(target, paths) || !target.interval95) return `± ${(100 * target.standardError!).toFixed(1)} pp`;
  const [low, high] = target.interval95;
  const rarer = Math.round(Math.min(target.probability!, 1 - target.probability!) * paths);
  const verb = target.probability! <= 0.5 ? 'meet' : 'miss';
  return `95% interval ${percentOf(low)}–${percentOf(high)}% (${rarer} of ${paths.toLocaleString('en-US')} paths ${rarer === 1 ? `${verb}s` : verb} it)`;
}

/** Whether fewer than FEW_PATHS paths meet a projected target, or fewer than FEW_PATHS miss it. */
export function fewPaths(target: TargetResult, paths: number): boolean {
  return Math.min(target.probability!, 1 - target.probability!) * paths < FEW_PATHS;
}

/** A percentage with two significant digits below 1%, one decimal above. */
function percentOf(fraction: number): string {
  const percent = 100 * fraction;
  if (percent === 0 || percent === 100) return String(percent);
  return percent < 1 ? percent.toPrecision(2) : percent > 99 ? (100 - Number((100 - percent).toPrecision(2))).toString() : percent.toFixed(1);
}
