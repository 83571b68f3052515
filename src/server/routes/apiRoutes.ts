import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RunContext } from '../runWithinLimits.js';
import { backtestRoutes } from './backtestRoutes.js';
import { compareRoutes } from './compareRoutes.js';
import { docsRoutes } from './docsRoutes.js';
import { healthRoutes } from './healthRoutes.js';
import { scenarioRoutes } from './scenarioRoutes.js';
import { sensitivityRoutes } from './sensitivityRoutes.js';
import { simulationRoutes } from './simulationRoutes.js';
import { sweepRoutes } from './sweepRoutes.js';

/**
 * Every route group under /api, one file each; the ones that compute get `context` for their
 * limits (the analyses share the simulations' cap, time limit and slots).
 */
export const apiRoutes: FastifyPluginAsyncZod<RunContext> = async (app, { limits, runs, compute, catalog }) => {
  const context: RunContext = { limits, runs, compute, catalog }; // not the options themselves: they hold this plugin's prefix
  await app.register(healthRoutes, context);
  await app.register(scenarioRoutes, { catalog });
  await app.register(simulationRoutes, context);
  await app.register(compareRoutes, context);
  await app.register(sensitivityRoutes, context);
  await app.register(backtestRoutes, context);
  await app.register(sweepRoutes, context);
  await app.register(docsRoutes);
};
