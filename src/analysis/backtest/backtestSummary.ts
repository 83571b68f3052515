import { z } from 'zod';
import { BACKTEST_MODES } from './structuralScenario.js';
import { BACKTEST_PERIODS, BACKTEST_SERIES, coverageBands, FORECASTERS, inPeriod, type BacktestForecast, type Evaluation } from './backtestScores.js';

/** The summary rows of earlier versions (one per series, period, mode and forecaster), kept for their readers. */
export const summaryRowSchema = z.object({
  series: z.enum(BACKTEST_SERIES),
  period: z.enum(BACKTEST_PERIODS),
  mode: z.enum(BACKTEST_MODES),
  forecaster: z.enum(FORECASTERS),
  count: z.number().int(),
  crps: z.number(),
  pinball: z.number(),
  coverage: z.array(
    z.object({
      level: z.number(),
      observed: z.number(),
      /** central 95% range of the observed coverage if the intervals were calibrated and the cases independent */
      low: z.number(),
      high: z.number(),
    }),
  ),
  pitHistogram: z.array(z.number().int()),
  /** 1 − CRPS_model/CRPS_benchmark, on the model's rows only */
  skill: z.object({ randomWalkDrift: z.number(), noChange: z.number() }).nullable(),
});

export const byHorizonSchema = z.object({
  series: z.enum(BACKTEST_SERIES),
  period: z.enum(BACKTEST_PERIODS),
  mode: z.enum(BACKTEST_MODES),
  forecaster: z.enum(FORECASTERS),
  horizon: z.number().int(),
  count: z.number().int(),
  crps: z.number(),
});

/** The evaluations as summary rows (the same numbers). */
export function backtestSummaries(evaluations: readonly Evaluation[]): z.infer<typeof summaryRowSchema>[] {
  return evaluations.map((e) => ({
    series: e.series,
    period: e.period,
    mode: e.mode,
    forecaster: e.forecaster,
    count: e.forecasts,
    crps: e.crps,
    pinball: e.pinball,
    coverage: coverageBands(e),
    pitHistogram: e.pitHistogram,
    skill: e.forecaster === 'model' && e.skillVsRandomWalkDrift !== null && e.skillVsNoChange !== null ? { randomWalkDrift: e.skillVsRandomWalkDrift, noChange: e.skillVsNoChange } : null,
  }));
}

/** Mean CRPS by horizon, for each series, period, mode and forecaster. */
export function summariseByHorizon(forecasts: readonly BacktestForecast[], horizons: readonly number[]): z.infer<typeof byHorizonSchema>[] {
  const out: z.infer<typeof byHorizonSchema>[] = [];
  for (const series of BACKTEST_SERIES) {
    for (const period of BACKTEST_PERIODS) {
      for (const mode of BACKTEST_MODES) {
        for (const horizon of horizons) {
          for (const forecaster of FORECASTERS) {
            const rows = forecasts.filter((f) => f.series === series && f.mode === mode && f.horizon === horizon && f.forecaster === forecaster && inPeriod(f.origin, period));
            if (rows.length > 0) out.push({ series, period, mode, forecaster, horizon, count: rows.length, crps: rows.reduce((s, f) => s + f.crps, 0) / rows.length });
          }
        }
      }
    }
  }
  return out;
}
