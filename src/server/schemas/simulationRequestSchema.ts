import { z } from 'zod';
import { horizonSchema, pathsSchema, samplingSchema, seedSchema } from '../../analysis/requestFields.js';
import { observationsSchema, overridesSchema, scenarioReferenceSchema } from '../../analysis/scenarioReference.js';

/** Body of POST /api/simulations. */
export const SimulationRequestSchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: overridesSchema.optional(),
    observations: observationsSchema.optional(),
    paths: pathsSchema.optional(),
    seed: seedSchema.optional(),
    horizon: horizonSchema.optional(),
    sampling: samplingSchema.optional(),
  })
  .strict()
  .meta({ id: 'SimulationRequest' });

export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;
