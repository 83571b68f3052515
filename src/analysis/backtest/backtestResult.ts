import { z } from 'zod';
import { MAX_HORIZON } from '../../core/defaults.js';
import { MAX_BACKTEST_HORIZON } from '../defaults.js';
import { seedSchema } from '../requestFields.js';
import { observationsSchema, overridesSchema, scenarioReferenceSchema } from '../scenarioReference.js';
import { BACKTEST_SERIES, backtestForecastSchema, evaluationSchema, inputShareSchema } from './backtestScores.js';
import { byHorizonSchema, summaryRowSchema } from './backtestSummary.js';

/** An inclusive range of whole numbers within [min, max] (bounded: the analysis lists every value in it). */
const wholeRange = (min: number, max: number) => z.object({ from: z.number().int().min(min).max(max), to: z.number().int().min(min).max(max) }).strict();

/** `POST /api/backtest` body. */
export const backtestRequestSchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: overridesSchema.optional(),
    observations: observationsSchema.optional().describe("apply to the scenario's own projection (its spread by horizon); past origins are pinned to what happened in the exPost mode"),
    origins: wholeRange(1990, MAX_HORIZON).optional().describe('rolling origins, inclusive (default: 2010 to the year before the last year of data)'),
    horizons: wholeRange(1, MAX_BACKTEST_HORIZON).optional().describe('years ahead, inclusive (default 1–5)'),
    samples: z.number().int().min(100).max(100_000).optional().describe('paths per forecast (default 2000)'),
    seed: seedSchema.optional(),
  })
  .strict();
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;

export const backtestResultSchema = z.object({
  kind: z.literal('backtest'),
  version: z.string(),
  scenario: z.string(),
  name: z.string(),
  inputHash: z.string(),
  seed: z.number().int(),
  samples: z.number().int(),
  origins: z.array(z.number().int()),
  horizons: z.array(z.number().int()),
  coverageLevels: z.array(z.number()),
  breakYear: z.number().int(),
  /** Var(G_h)/Var(G_1) of the scenario's own turnover growth, by horizon (a random walk gives h) */
  scenarioVarianceRatio: z.array(z.number()),
  setup: z
    .array(
      z.object({
        origin: z.number().int(),
        form: z.enum(['reduced', 'cars']).describe('reduced: no sectors, all imports are other imports; cars: the cars sector alone'),
        split: z.enum(['stated', 'derived', 'carried']),
        oilPrice: z.number().describe('US$/bbl at the origin'),
        oilProxy: z.boolean().describe('true: Brent stands in for China’s unit value of Russian crude'),
        regime: z.string(),
        notes: z.array(z.string()),
      }),
    )
    .describe('how the model was restarted at each origin'),
  forecasts: z.array(backtestForecastSchema),
  evaluations: z.array(evaluationSchema).describe('scores by series, mode, period and forecaster, with origin-clustered standard errors'),
  inputShares: z.array(inputShareSchema).describe('the share of the model’s error due to its inputs (ex ante vs ex post)'),
  summary: z.array(summaryRowSchema),
  byHorizon: z.array(byHorizonSchema),
  skipped: z.array(z.object({ series: z.enum(BACKTEST_SERIES), origin: z.number().int(), reason: z.string() })),
  notes: z.array(z.string()),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;
