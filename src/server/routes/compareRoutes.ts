import { CompareRequestSchema, CompareResultSchema } from '../schemas/analysisSchemas.js';
import { analysisRoute } from './analysisRoute.js';

/** POST /api/compare: a paired comparison, answered with the bytes `tradecast compare --format json` prints. */
export const compareRoutes = analysisRoute({
  path: 'compare',
  summary: 'Compare scenarios on the same random numbers',
  description:
    'Every scenario runs with the same seed and paths (common random numbers); the answer has each scenario’s summary and, for each B against the first (A), the distribution of B − A across paths. Byte-identical to `tradecast compare` with the same scenarios, paths, seed and horizon, `--format json`. Work: paths × projected years × scenarios, capped per request.',
  body: CompareRequestSchema,
  result: CompareResultSchema,
});
