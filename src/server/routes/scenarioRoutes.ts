import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { historyBlock } from '../../scenario/history.js';
import { ProblemError } from '../apiProblem.js';
import type { ScenarioCatalog } from '../scenarioCatalog.js';
import { errorResponses } from '../schemas/errorResponseSchema.js';
import { ScenarioDetailSchema, ScenarioListSchema } from '../schemas/scenarioSchemas.js';

/** GET /api/scenarios and GET /api/scenarios/:id: the shipped scenarios, from the catalog (resolved once, kept while their files do not change). */
export const scenarioRoutes: FastifyPluginAsyncZod<{ readonly catalog: ScenarioCatalog }> = async (app, { catalog }) => {
  app.get(
    '/scenarios',
    {
      schema: {
        summary: 'The shipped scenarios, with their knobs (sliders)',
        tags: ['scenarios'],
        // sent as JSON text the catalog keeps, so described by content type (the reply is not re-serialised)
        response: { 200: { description: 'The shipped scenarios', content: { 'application/json': { schema: ScenarioListSchema } } } },
      },
    },
    async (request, reply) => reply.type('application/json; charset=utf-8').send(catalog.listing(request.log) as never),
  );

  app.get(
    '/scenarios/:id',
    {
      schema: {
        summary: 'One shipped scenario, `extends` applied and defaults filled, with its history',
        tags: ['scenarios'],
        params: z.object({ id: z.string().describe('a shipped scenario id, e.g. baseline') }),
        response: { 200: ScenarioDetailSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const outcome = catalog.resolve(request.params.id);
      if (!outcome.ok) throw new ProblemError(outcome.problem);
      const { scenario, history } = outcome.resolved;
      return { id: request.params.id, scenario, history: historyBlock(history, scenario.origin) };
    },
  );
};
