import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ProblemError } from '../apiProblem.js';
import type { ComputeBody } from '../computeJobs.js';
import { runWithinLimits, type RunContext } from '../runWithinLimits.js';
import { errorResponses } from '../schemas/errorResponseSchema.js';
import { sendResult } from '../sendResult.js';

/** The analyses the server computes, by route name (their computation: computeJobs.ts). */
type AnalysisName = 'compare' | 'sensitivity' | 'backtest' | 'sweeps';

/** An analysis served at `POST /api/<path>`: its schemas, for validation and the OpenAPI document. */
export interface AnalysisRoute<Name extends AnalysisName> {
  readonly path: Name;
  readonly summary: string;
  readonly description: string;
  /** the analysis's request schema, named for the OpenAPI document */
  readonly body: z.ZodType<ComputeBody<Name>>;
  /** the analysis's result schema, named for the OpenAPI document */
  readonly result: z.ZodType<object>;
}

/**
 * The route of an analysis, as thin as the simulation route: the body parsed with the
 * analysis's schema, then computed within the limits (runWithinLimits.ts: admitted, counted,
 * timed, cancelled when the client goes away, on a compute worker), and answered with the bytes
 * the command line prints with `--format json`.
 */
export function analysisRoute<Name extends AnalysisName>(route: AnalysisRoute<Name>): FastifyPluginAsyncZod<RunContext> {
  return async (app, context) => {
    app.post(
      `/${route.path}`,
      {
        schema: {
          summary: route.summary,
          description: `${route.description} The run stops when the client disconnects or the time limit passes.`,
          tags: ['analyses'],
          // widened: fastify's handler types cannot follow generic schemas (the body is parsed with this one)
          body: route.body as z.ZodType<object>,
          response: {
            // sent as a ready JSON string, so described by content type (the reply is not re-serialised)
            200: { description: 'The result, as the command line prints it with --format json', content: { 'application/json': { schema: route.result } } },
            ...errorResponses(400, 404, 413, 415, 422, 503),
          },
        },
      },
      async (request, reply) => {
        const outcome = await runWithinLimits(route.path, request.body as ComputeBody<Name>, reply, context);
        if (!outcome.ok) throw new ProblemError(outcome.problem);
        return sendResult(reply, outcome.text);
      },
    );
  };
}
