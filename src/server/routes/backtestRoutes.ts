import { BacktestRequestSchema, BacktestResultSchema } from '../schemas/analysisSchemas.js';
import { analysisRoute } from './analysisRoute.js';

/** POST /api/backtest: rolling-origin back-test, answered with the bytes `tradecast backtest --format json` prints. */
export const backtestRoutes = analysisRoute({
  path: 'backtest',
  summary: 'Score rolling-origin forecasts against history, next to two benchmarks',
  description:
    'For each origin, re-calibrate on the data up to it, forecast 1–5 years ahead and score against what came (CRPS, pinball loss, coverage, PIT, skill against a random walk with drift and no change). Byte-identical to `tradecast backtest` with the same options, `--format json`. Work: samples × (projected years + scored origin–horizon pairs), capped per request.',
  body: BacktestRequestSchema,
  result: BacktestResultSchema,
});
