import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RunContext } from '../runWithinLimits.js';
import { docsRoutes } from './docsRoutes.js';
import { healthRoutes } from './healthRoutes.js';
import { scenarioRoutes } from './scenarioRoutes.js';
import { simulationRoutes } from './simulationRoutes.js';

/**
 * Every route group under /api, one file each. The analysis routes (POST /api/compare,
 * /api/sensitivity, /api/backtest) register here the same way, with `context` for their limits.
 */
export const apiRoutes: FastifyPluginAsyncZod<RunContext> = async (app, { limits, runs, runner }) => {
  const context: RunContext = { limits, runs, runner }; // not the options themselves: they hold this plugin's prefix
  await app.register(healthRoutes, context);
  await app.register(scenarioRoutes);
  await app.register(simulationRoutes, context);
  await app.register(docsRoutes);
};
