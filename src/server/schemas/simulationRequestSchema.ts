import { z } from 'zod';
import { MAX_HORIZON, MAX_PATHS, MAX_SEED } from '../../core/defaults.js';
import { observationsSchema, overridesSchema, scenarioReferenceSchema } from '../../analysis/scenarioReference.js';

/** Body of POST /api/simulations. */
export const SimulationRequestSchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: overridesSchema.optional(),
    observations: observationsSchema.optional(),
    paths: z.number().int().min(1).max(MAX_PATHS).optional().describe("Monte Carlo paths (default: the scenario's run.paths, else 10000); paths × projected years is capped per request."),
    seed: z.number().int().min(0).max(MAX_SEED).optional().describe("Master seed (default: the scenario's run.seed, else 2030); the same inputs give byte-identical output."),
    horizon: z.number().int().min(1991).max(MAX_HORIZON).optional().describe("Last projected year (default: the scenario's horizon)."),
  })
  .strict()
  .meta({ id: 'SimulationRequest' });

export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;
