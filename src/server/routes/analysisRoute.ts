import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AnalysisContext, AnalysisOutcome } from '../../analysis/analysisContext.js';
import type { WorkOutcome } from '../../run/workCount.js';
import type { ScenarioEntry } from '../../analysis/scenarioReference.js';
import type { ResolvedScenario } from '../../scenario/loadScenario.js';
import { ProblemError, problemFromIssues } from '../apiProblem.js';
import { runWithinLimits, type LimitedJob, type RunContext } from '../runWithinLimits.js';
import { resolveScenarioEntries } from '../scenarioCatalog.js';
import { errorResponses } from '../schemas/errorResponseSchema.js';
import { sendResult } from '../sendResult.js';

/** An analysis served at `POST /api/<path>`: its schemas, and how a parsed body becomes work and steps. */
export interface AnalysisRoute<Body extends z.ZodType<object>, Result extends object> {
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  /** the analysis's request schema, named for the OpenAPI document */
  readonly body: Body;
  /** the analysis's result schema, named for the OpenAPI document */
  readonly result: z.ZodType<Result>;
  /** for messages and the log: "comparison", "sensitivity analysis", "back-test" */
  readonly what: string;
  readonly unit: LimitedJob<Result>['unit'];
  /** the scenarios the body names, and the place of the i-th in the body (for issue paths) */
  scenarios(body: z.output<Body>): { readonly entries: readonly ScenarioEntry[]; readonly at: (index: number) => readonly (string | number)[] };
  /** the work the body asks for, counted before it runs (see src/run/workCount.ts) */
  work(body: z.output<Body>, resolved: readonly ResolvedScenario[]): WorkOutcome;
  analyse(body: z.output<Body>, resolved: readonly ResolvedScenario[], context: AnalysisContext): Promise<AnalysisOutcome<Result>>;
}

/** `scenarios` of an analysis whose body names one scenario at its top level (`scenario`, `overrides`). */
export const scenarioAtTopLevel = (body: ScenarioEntry) => ({ entries: [body], at: () => [] });

/**
 * The route of an analysis, as thin as the simulation route: resolve the body's scenarios
 * (404, or 400 with their issues), count the work (400 work-limit over the cap), compute
 * within the limits (busy, time limit, cancelled when the client goes away), and answer with
 * the bytes the command line prints with `--format json`.
 */
export function analysisRoute<Body extends z.ZodType<object>, Result extends object>(route: AnalysisRoute<Body, Result>): FastifyPluginAsyncZod<RunContext> {
  return async (app, context) => {
    app.post(
      `/${route.path}`,
      {
        schema: {
          summary: route.summary,
          description: `${route.description} The run stops when the client disconnects or the time limit passes.`,
          tags: ['analyses'],
          // both widened: fastify's handler types cannot follow generic schemas (the body is parsed with this one)
          body: route.body as z.ZodType<object>,
          response: {
            // sent as a ready JSON string, so described by content type (the reply is not re-serialised)
            200: { description: 'The result, as the command line prints it with --format json', content: { 'application/json': { schema: route.result as z.ZodType<object> } } },
            ...errorResponses(400, 404, 413, 415, 422, 503),
          },
        },
      },
      async (request, reply) => {
        const body = request.body as z.output<Body>; // what route.body parsed
        const { entries, at } = route.scenarios(body);
        const scenarios = resolveScenarioEntries(entries, at);
        if (!scenarios.ok) throw new ProblemError(scenarios.problem);
        const work = route.work(body, scenarios.resolved);
        if (!work.ok) throw new ProblemError(problemFromIssues(work.issues));
        const job: LimitedJob<Result> = {
          what: route.what,
          work: work.work,
          unit: route.unit,
          log: { analysis: route.path, scenarios: scenarios.resolved.map((s) => s.id), [work.work.field]: work.work.value },
          compute: (options) => route.analyse(body, scenarios.resolved, { runner: context.runner, ...options }),
        };
        const outcome = await runWithinLimits(job, reply, context);
        if (!outcome.ok) throw new ProblemError(outcome.problem);
        return sendResult(reply, outcome.result);
      },
    );
  };
}
