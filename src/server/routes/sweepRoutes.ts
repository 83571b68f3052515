import { SweepRequestSchema, SweepResultSchema } from '../schemas/analysisSchemas.js';
import { analysisRoute } from './analysisRoute.js';

/** POST /api/sweeps: a scenario over a grid of knobs, answered with the bytes `tradecast sweep --format json` prints. */
export const sweepRoutes = analysisRoute({
  path: 'sweeps',
  summary: 'Run a scenario over a grid of one or two knobs (common random numbers)',
  description:
    'Every point of the grid runs with the same seed and paths, so the differences between points are the knobs’ doing. Answers one series in one year (mean and percentiles) and every target’s probability per point. Byte-identical to `tradecast sweep` with the same grid, output, paths, seed and horizon, `--format json`. Work: paths × projected years × grid points, capped per request.',
  body: SweepRequestSchema,
  result: SweepResultSchema,
});
