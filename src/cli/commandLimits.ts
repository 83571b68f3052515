import { exceededLimit, workLimitMessage, type WorkCount, type WorkLimits } from '../run/workCount.js';
import { UsageError } from './command.js';

/**
 * What one command may ask of this machine: more than a server allows one request, since the
 * person running it waits for it and owns the machine, but not an absurd size that would run
 * for hours or exhaust the memory. 300,000,000 path-years is ≈ 15–20 minutes on one thread
 * here (3–4 µs a path-year) and covers the largest runs the flags accept for the shipped
 * scenarios (2,000,000 paths; 20,000,000 simulated paths of a sensitivity analysis); 4 GiB
 * covers 2,000,000 paths, which stream a year at a time (≈ 1.6 GB).
 */
export const COMMAND_LINE_LIMITS: WorkLimits = { maxPathYears: 300_000_000, maxMemoryBytes: 4 * 1024 * 1024 * 1024 };

/** Throws a UsageError (exit 2) naming the field to lower when `work` is over the command line's limits. */
export function refuseOverLimits(work: WorkCount, limits: WorkLimits = COMMAND_LINE_LIMITS): void {
  if (exceededLimit(work, limits)) throw new UsageError(workLimitMessage(work, limits, "the command line's"));
}
