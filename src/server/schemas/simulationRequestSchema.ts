import { z } from 'zod';
import { MAX_HORIZON, MAX_PATHS, MAX_SEED } from '../../core/defaults.js';
import { SAMPLINGS } from '../../core/modelPlan.js';
import { observationsSchema } from '../../analysis/scenarioReference.js';
import { OVERRIDE_KEY_PATTERN } from '../../scenario/loadScenario.js';
import { InlineScenarioSchema, ScenarioIdSchema } from './scenarioSchemas.js';

/** `key: value` settings, as `tradecast run --set key=value`: a knob name or a dotted field path. */
export const OverridesSchema = z
  .record(z.string().max(200).regex(OVERRIDE_KEY_PATTERN, 'expected a knob name or a dotted field path (letters, digits, _ - .)'), z.unknown())
  .describe('Applied after `extends` and validated with the scenario, as `--set`: {"westernWedge": 0.5, "oil.volatility.mean": 0.35}.');

/** Body of POST /api/simulations. */
export const SimulationRequestSchema = z
  .object({
    scenario: z.union([ScenarioIdSchema, InlineScenarioSchema]),
    overrides: OverridesSchema.optional(),
    observations: observationsSchema.optional(),
    paths: z.number().int().min(1).max(MAX_PATHS).optional().describe("Monte Carlo paths (default: the scenario's run.paths, else 10000); paths × projected years is capped per request."),
    seed: z.number().int().min(0).max(MAX_SEED).optional().describe("Master seed (default: the scenario's run.seed, else 2030); the same inputs give byte-identical output."),
    horizon: z.number().int().min(1991).max(MAX_HORIZON).optional().describe("Last projected year (default: the scenario's horizon)."),
    sampling: z
      .enum(SAMPLINGS)
      .optional()
      .describe("independent (default: the scenario's run.sampling, else independent) or antithetic: paths in pairs whose yearly shocks are each other's negation; the targets' standard errors are then the pairs'."),
  })
  .strict()
  .meta({ id: 'SimulationRequest' });

export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;
