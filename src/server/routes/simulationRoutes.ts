import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { prepareRun, type PreparedRun } from '../../run/preparedRun.js';
import { simulationWork } from '../../run/runCost.js';
import type { Runner } from '../../run/runner.js';
import { SimulationResultSchema, type SimulationResult } from '../../run/simulationResult.js';
import { ProblemError } from '../apiProblem.js';
import { runWithinLimits, type LimitedJob, type RunContext } from '../runWithinLimits.js';
import { resolveScenarioReference } from '../scenarioCatalog.js';
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
      const outcome = await runWithinLimits(simulationJob(prepared.run, context.runner), reply, context);
      if (!outcome.ok) throw new ProblemError(outcome.problem);
      return sendResult(reply, outcome.result);
    },
  );
};

/** A prepared run as a job for the limits, computed by the server's runner (chunk by chunk). */
function simulationJob(run: PreparedRun, runner: Runner): LimitedJob<SimulationResult> {
  return {
    what: 'simulation',
    work: simulationWork(run),
    unit: 'paths',
    log: { scenario: run.id, paths: run.paths, seed: run.seed, horizon: run.horizon },
    compute: (options) => runner.run(run, options),
  };
}
