import { z } from 'zod';
import { ScenarioSchema } from './scenarioSchema.js';

/**
 * JSON Schema for scenario files, generated from the zod schema (never written by hand): a
 * file is either a complete scenario, or an overlay that `extends` another and may leave any
 * field out. Editors use it (via `# yaml-language-server: $schema=…` or `"$schema"`) to
 * complete and check scenario files.
 */
export function scenarioFileJsonSchema(): Record<string, unknown> {
  const complete = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...completeBody } = complete;
  const overlay = withoutRequired(completeBody) as Record<string, unknown>;
  const properties = { ...(overlay.properties as Record<string, unknown>) };
  properties.extends = {
    type: 'string',
    minLength: 1,
    description: 'A shipped scenario to build on (e.g. "baseline"), or a relative path to a scenario file.',
  };
  // targets merge by id under extends, and an entry may remove an inherited one
  const targets = properties.targets as Record<string, unknown> | undefined;
  if (targets?.items) {
    properties.targets = {
      ...targets,
      items: {
        anyOf: [
          targets.items,
          {
            type: 'object',
            description: 'Removes the inherited target with this id.',
            properties: { id: { type: 'string' }, remove: { const: true } },
            required: ['id', 'remove'],
            additionalProperties: false,
          },
        ],
      },
    };
  }
  return {
    $schema,
    $id: 'https://tradecast.local/scenario.schema.json',
    title: 'tradecast scenario',
    description: 'A scenario for tradecast: regimes, distributions, schedules, sectors and targets (see scenarios/README.md).',
    anyOf: [
      { title: 'complete scenario', ...completeBody },
      { title: 'scenario that extends another', ...overlay, properties, required: ['extends'] },
    ],
  };
}

/** The same schema with every `required` list dropped: any field may be left out. */
function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>)
        .filter(([key]) => key !== 'required')
        .map(([key, value]) => [key, withoutRequired(value)]),
    );
  }
  return node;
}
