import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VERSION } from '../../version.js';
import type { RunContext } from '../runWithinLimits.js';

const count = (what: string) => z.number().int().min(0).describe(what);

const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  runs: z
    .object({
      active: count('runs computing now'),
      completed: count('runs answered with a result'),
      cancelled: count('runs stopped because the client went away'),
      timedOut: count('runs stopped at the time limit'),
      failed: count('runs that ended without a result: a model failure (422) or an internal error (500); input refused once read (400, 404) counts nowhere'),
      refusedBusy: count('runs refused because the server was busy'),
      pathsSimulated: count('paths simulated since start, by all runs (simulations, comparisons and the evaluations of sensitivity analyses)'),
    })
    .describe('Since the server started.'),
});

/** GET /api/health: up, its version, and how runs have gone. */
export const healthRoutes: FastifyPluginAsyncZod<Pick<RunContext, 'runs'>> = async (app, { runs }) => {
  app.get('/health', { schema: { summary: 'Is the server up', tags: ['server'], response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
    version: VERSION,
    runs: runs.counts(),
  }));
};
