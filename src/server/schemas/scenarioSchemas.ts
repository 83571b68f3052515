import { z } from 'zod';
import { SCENARIO_ID_PATTERN } from '../../scenario/loadScenario.js';
import { ScenarioSchema } from '../../scenario/scenarioSchema.js';
import { HistoryBlockSchema } from '../../run/simulationResult.js';

/** The scenario schema itself, named for the OpenAPI document (`Scenario`, and `ScenarioInput` before defaults). */
export const NamedScenarioSchema = ScenarioSchema.meta({ id: 'Scenario' });

export const ScenarioIdSchema = z
  .string()
  .max(100)
  .regex(SCENARIO_ID_PATTERN, 'expected the id of a shipped scenario: letters, digits, - and _ (e.g. "baseline")')
  .describe('The id of a shipped scenario (GET /api/scenarios lists them), e.g. "baseline".');

/**
 * A scenario in the request body. Only `extends` is checked here (a shipped id: no file paths
 * from the network); the rest is checked after `extends` is applied, by the same code as
 * scenario files, so issues name fields of the merged scenario. The document shows what it
 * may hold.
 */
export const InlineScenarioSchema = z.looseObject({ extends: ScenarioIdSchema.optional() }).meta({
  id: 'InlineScenario',
  description:
    'A complete scenario (the Scenario schema), or an overlay: `extends` names a shipped scenario and the other fields are merged over it (objects key by key, null deletes). Data paths stay inside the shipped scenarios folder.',
  anyOf: [{ $ref: '#/components/schemas/ScenarioInput' }, { required: ['extends'] }],
});

const shape = ScenarioSchema.shape;

/** One entry of GET /api/scenarios: enough to offer the scenario and build its sliders. */
export const ScenarioSummarySchema = z.object({
  id: ScenarioIdSchema,
  name: shape.name,
  description: shape.description,
  origin: shape.origin,
  horizon: shape.horizon,
  knobs: shape.knobs.describe('The sliders: value, min, max, step, unit, label of each knob.'),
});

export const ScenarioListSchema = z.object({ scenarios: z.array(ScenarioSummarySchema) });

/** GET /api/scenarios/:id: the scenario with `extends` applied and defaults filled, and its history. */
export const ScenarioDetailSchema = z.object({
  id: ScenarioIdSchema,
  scenario: NamedScenarioSchema,
  history: HistoryBlockSchema,
});
