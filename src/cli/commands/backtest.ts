import { backtestAnalysis, type BacktestOptions } from '../../analysis/backtest/backtest.js';
import { serializeResult } from '../../run/serializeResult.js';
import {
  EXIT_OK,
  InvalidScenarioError,
  UsageError,
  choiceOption,
  integerField,
  loadScenarioOrThrow,
  optional,
  parseCommandArgs,
  parseObservations,
  parseOverrides,
  rangeField,
  type Command,
} from '../command.js';
import { refuseOverLimits } from '../commandLimits.js';
import { driveAnalysis } from '../driveAnalysis.js';
import { formatBacktest } from '../formatBacktest.js';

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'score rolling-origin forecasts against history, next to two benchmarks',
  help: `Usage: tradecast backtest <scenario> [options]

The engine itself restarted at every past origin year T the data allow, its set-up from data up
to T only, forecasting T + 1 … T + 5 (rules fixed before any score was computed:
docs/model-card.md). Scored: log turnover, log exports to China, log imports from China and
Chinese brands' share of new-car sales, in two modes: ex ante (oil, rouble, crude volume and
the sanctions regime simulated from T) and ex post (pinned to what happened, through the
observations mechanism); the gap is the share of the error due to the inputs. Benchmarks: a
random walk with drift and no change. Origins before 2022, from 2022 and all are reported apart.

Scores: fair CRPS with an origin-clustered standard error, pinball loss, coverage of the
50/80/90% central intervals, PIT histogram, skill = 1 − CRPS_model / CRPS_benchmark on the same
forecasts.

Options:
  --origins A..B     rolling origins, inclusive (default: from the first year with turnover data,
                     2010 at the earliest, to the year before the last)
  --horizons A..B    years ahead, inclusive (default 1..5)
  --samples N        paths per forecast (default 2000)
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
  tradecast backtest baseline
  tradecast backtest baseline --origins 2016..2023 --horizons 1..3 --format json`,
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
