import { SensitivityRequestSchema, SensitivityResultSchema } from '../schemas/analysisSchemas.js';
import { analysisRoute } from './analysisRoute.js';

/** POST /api/sensitivity: Sobol or Morris, answered with the bytes `tradecast sensitivity --format json` prints. */
export const sensitivityRoutes = analysisRoute({
  path: 'sensitivity',
  summary: 'Rank the uncertain parameters that drive an output (Sobol or Morris)',
  description:
    'Sobol first-order and total indices (Saltelli design, N(k + 2) evaluations) or Morris elementary effects (r(k + 1)) of one output — a series in a year or a target’s probability. Byte-identical to `tradecast sensitivity` with the same options, `--format json`. Work: samples × evaluations per sample × inner paths × projected years, capped per request.',
  body: SensitivityRequestSchema,
  result: SensitivityResultSchema,
});
