import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SimulationResultSchema } from '../../run/simulationResult.js';
import { ProblemError } from '../apiProblem.js';
import { runWithinLimits, type RunContext } from '../runWithinLimits.js';
import { errorResponses } from '../schemas/errorResponseSchema.js';
import { SimulationRequestSchema } from '../schemas/simulationRequestSchema.js';
import { sendResult } from '../sendResult.js';

/** POST /api/simulations: a run, answered with the bytes `tradecast run --format json` prints. */
export const simulationRoutes: FastifyPluginAsyncZod<RunContext> = async (app, context) => {
  app.post(
    '/simulations',
    {
      schema: {
        summary: 'Run a scenario by Monte Carlo',
        description:
          'The answer is byte-identical to `tradecast run <scenario> --format json` with the same paths, seed, horizon, sampling and --set overrides. The run stops when the client disconnects or the time limit passes.',
        tags: ['simulations'],
        body: SimulationRequestSchema,
        response: {
          // sent as a ready JSON string, so described by content type (the reply is not re-serialised)
          200: { description: 'The result, as `tradecast run --format json` prints it', content: { 'application/json': { schema: SimulationResultSchema } } },
          ...errorResponses(400, 404, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const outcome = await runWithinLimits('simulations', request.body, reply, context);
      if (!outcome.ok) throw new ProblemError(outcome.problem);
      return sendResult(reply, outcome.text);
    },
  );
};
