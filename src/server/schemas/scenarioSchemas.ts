import { z } from 'zod';
import { scenarioIdSchema } from '../../analysis/scenarioReference.js';
import { ScenarioSchema } from '../../scenario/scenarioSchema.js';
import { HistoryBlockSchema } from '../../run/simulationResult.js';

/** The scenario schema itself, named for the OpenAPI document (`Scenario`, and `ScenarioInput` before defaults). */
export const NamedScenarioSchema = ScenarioSchema.meta({ id: 'Scenario' });

const shape = ScenarioSchema.shape;

/** One entry of GET /api/scenarios: enough to offer the scenario and build its sliders. */
export const ScenarioSummarySchema = z.object({
  id: scenarioIdSchema,
  name: shape.name,
  description: shape.description,
  origin: shape.origin,
  horizon: shape.horizon,
  knobs: shape.knobs.describe('The sliders: value, min, max, step, unit, label of each knob.'),
});

export const ScenarioListSchema = z.object({ scenarios: z.array(ScenarioSummarySchema) });

/** GET /api/scenarios/:id: the scenario with `extends` applied and defaults filled, and its history. */
export const ScenarioDetailSchema = z.object({
  id: scenarioIdSchema,
  scenario: NamedScenarioSchema,
  history: HistoryBlockSchema,
});
