import { z } from 'zod';
import { MAX_HORIZON, MAX_PATHS, MAX_SEED } from '../core/defaults.js';
import { SAMPLINGS } from '../core/modelPlan.js';

/**
 * The run settings a request may give (`paths`, `seed`, `horizon`), declared once: every body
 * that takes them (simulations, compare, sweeps; seed in sensitivity and back-test) uses these,
 * and the command line checks `--paths`, `--seed` and `--horizon` against the same bounds
 * (cli/command.ts, integerField). A body may describe a field anew where it means more there.
 */
export const pathsSchema = z.number().int().min(1).max(MAX_PATHS).describe("Monte Carlo paths (default: the scenario's run.paths, else 10000); paths × projected years is capped per request.");

export const seedSchema = z.number().int().min(0).max(MAX_SEED).describe("Master seed (default: the scenario's run.seed, else 2030); the same inputs give byte-identical output.");

/** The first year a horizon may name: the year after the first year of data. */
export const MIN_HORIZON = 1991;

export const horizonSchema = z.number().int().min(MIN_HORIZON).max(MAX_HORIZON).describe("Last projected year (default: the scenario's horizon).");

/** How a run's paths are drawn: independent, or antithetic pairs (each path's yearly shocks its partner's negated). */
export const samplingSchema = z
  .enum(SAMPLINGS)
  .describe(
    "independent (default: the scenario's run.sampling, else independent) or antithetic: paths in pairs whose yearly shocks are each other's negation; the targets' standard errors are then the pairs'.",
  );
