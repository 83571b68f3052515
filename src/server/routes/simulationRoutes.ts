import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { prepareRun, serializeResult } from '../../analysis/runSimulation.js';
import { ProblemError } from '../apiProblem.js';
import { runWithinLimits, type RunContext } from '../runWithinLimits.js';
import { resolveScenarioReference } from '../scenarioCatalog.js';
import { errorResponses } from '../schemas/errorResponseSchema.js';
import { SimulationRequestSchema } from '../schemas/simulationRequestSchema.js';
import { SimulationResultSchema } from '../schemas/simulationResultSchema.js';

/** POST /api/simulations: a run, answered with the bytes `tradecast run --format json` prints. */
export const simulationRoutes: FastifyPluginAsyncZod<RunContext> = async (app, context) => {
  app.post(
    '/simulations',
    {
      schema: {
        summary: 'Run a scenario by Monte Carlo',
        description:
          'The answer is byte-identical to `tradecast run <scenario> --format json` with the same paths, seed, horizon and --set overrides. The run stops when the client disconnects or the time limit passes.',
        tags: ['simulations'],
        body: SimulationRequestSchema,
        response: {
          // sent as a ready JSON string, so described by content type (the reply is not re-serialised)
          200: { description: 'The result (DESIGN §4)', content: { 'application/json': { schema: SimulationResultSchema } } },
          ...errorResponses(400, 404, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { scenario, overrides, paths, seed, horizon } = request.body;
      const resolved = resolveScenarioReference(scenario, overrides);
      if (!resolved.ok) throw new ProblemError(resolved.problem);
      const prepared = prepareRun(resolved.resolved, { paths, seed, horizon });
      if (!prepared.ok) throw new ProblemError({ kind: 'invalid-scenario', issues: prepared.issues });
      const outcome = await runWithinLimits(prepared.run, reply, context);
      if (!outcome.ok) throw new ProblemError(outcome.problem);
      // the CLI's exact bytes: fastify sends a string with a JSON content type as is, never
      // re-serialised; the typed reply expects the result object, hence `as never`
      return reply.type('application/json; charset=utf-8').send(serializeResult(outcome.result) as never);
    },
  );
};
