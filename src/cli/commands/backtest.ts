import { backtestAnalysis, type BacktestOptions } from '../../analysis/backtest/backtest.js';
import { serializeResult } from '../../run/serializeResult.js';
import { EXIT_OK, InvalidScenarioError, UsageError, choiceOption, integerField, loadScenarioOrThrow, optional, parseCommandArgs, parseObservations, parseOverrides, rangeField, type Command } from '../command.js';
import { refuseOverLimits } from '../commandLimits.js';
import { driveAnalysis } from '../driveAnalysis.js';
import { formatBacktest } from '../formatBacktest.js';

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'score rolling-origin forecasts against history, next to two benchmarks',
  help: `Usage: tradecast backtest <scenario> [options]

Rolling origins: for each origin year, re-calibrate on the data up to that year only, forecast
1–5 years ahead, and score the forecasts against what came, next to two benchmarks (random walk
with drift on log turnover, and no change). Origins before 2022 and from 2022 are reported apart.

What is back-tested (the full model needs sector shares and levels at its origin, which the
data have only for 2021–2024):
  - log turnover: the scenario's turnover dynamics (the spread-by-horizon, tails and skew of its
    own projection) re-anchored at each origin's level, with drift and volatility re-calibrated
    on the data up to the origin and their estimation uncertainty drawn per path;
  - Chinese brands' share of new-car sales (origins 2022, 2023): the scenario's partial
    adjustment, with its priors on speed and noise and the target re-fitted to shares up to the
    origin.
Scores: fair CRPS, pinball loss, coverage of the 50/80/90% central intervals with binomial
bands, PIT histogram, skill = 1 − CRPS_model / CRPS_benchmark.

Options:
  --origins A..B     rolling origins, inclusive (default 2015..2023)
  --horizons A..B    years ahead, inclusive (default 1..5)
  --samples N        draws per forecast distribution (default 4000)
  --seed S           seed (default: the scenario's)
  --set key=value    override a knob or field; repeatable
  --observe NAME@YEAR=VALUE
                     what happened in a projected year (repeatable): a driver pinned on every
                     path (oilPrice US$/bbl, rubPerCny, crudeVolume Mt, recyclingFee, regime
                     thaw|statusQuo|escalation) or an outcome the paths are conditioned on
                     (turnover, exportsToChina, importsFromChina US$ bn; share.cars.china);
                     turnover@2026:4=85.2 is January–April's cumulative turnover
  --format F         table (default) or json (every forecast with its scores)
  -h, --help         this help

Example:
  tradecast backtest baseline --origins 2015..2023 --horizons 1..5`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      origins: { type: 'string' },
      horizons: { type: 'string' },
      samples: { type: 'string' },
      seed: { type: 'string' },
      set: { type: 'string', multiple: true },
      observe: { type: 'string', multiple: true },
      format: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) throw new UsageError(`backtest takes one scenario, got ${positionals.length}`);
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const resolved = loadScenarioOrThrow(positionals[0], parseOverrides(values.set), parseObservations(values.observe));
    const options: BacktestOptions = {
      ...optional('origins', rangeField(values.origins, 'origins', backtestAnalysis.request.shape.origins)),
      ...optional('horizons', rangeField(values.horizons, 'horizons', backtestAnalysis.request.shape.horizons)),
      ...optional('samples', integerField(values.samples, 'samples', backtestAnalysis.request.shape.samples)),
      ...optional('seed', integerField(values.seed, 'seed', backtestAnalysis.request.shape.seed)),
    };
    const work = backtestAnalysis.work(resolved, options);
    if (!work.ok) throw new InvalidScenarioError(work.issues);
    refuseOverLimits(work.work);
    const outcome = await driveAnalysis((context) => backtestAnalysis.compute(resolved, options, context), io, backtestAnalysis.command, !values['no-progress'], backtestAnalysis.unit);
    if (!outcome.ok) return outcome.exitCode;
    io.stdout.write(format === 'json' ? serializeResult(outcome.result) : formatBacktest(outcome.result));
    return EXIT_OK;
  },
};
