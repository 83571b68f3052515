import { compareScenarios, compareWork, type CompareEntry } from '../../analysis/compare.js';
import { MAX_COMPARED_SCENARIOS } from '../../analysis/defaults.js';
import { serializeResult } from '../../run/serializeResult.js';
import { MAX_HORIZON, MAX_PATHS, MAX_SEED } from '../../core/defaults.js';
import { EXIT_OK, UsageError, choiceOption, integerOption, loadScenarioOrThrow, optional, parseCommandArgs, parseOverrides, type Command } from '../command.js';
import { refuseOverLimits } from '../commandLimits.js';
import { driveAnalysis } from '../driveAnalysis.js';
import { COMPARE_DEFAULT_SERIES, formatCompare } from '../formatCompare.js';

export const compareCommand: Command = {
  name: 'compare',
  summary: 'run scenarios on the same random numbers and report the paired differences',
  help: `Usage: tradecast compare <a> <b> [<c> …] [options]
       tradecast compare <a> --vary key=value [--vary key=value …] [options]

Runs every scenario with the same seed and paths, so path p sees the same shocks and the same
parameter draws in each (common random numbers), and reports each scenario's medians and the
distribution across paths of B − A (mean, p5–p95, probability that B > A) per year, for each
scenario B against the first, A. Target probabilities are differenced on the same paths.

Options:
  --vary key=value   add a scenario: the first one with this override (a knob or a field path);
                     repeatable, one scenario per --vary (e.g. --vary oilLongRun=60)
  --set key=value    override a knob or field in every scenario; repeatable
  --paths N          Monte Carlo paths (default: the first scenario's run.paths, else 10000)
  --seed S           master seed (default: the first scenario's run.seed, else 2030)
  --horizon Y        last projected year (default: the earliest of the scenarios' horizons)
  --series NAME      a series to show in the table (repeatable; default turnover, exportsToChina,
                     importsFromChina, share.cars.china); --format json has every series
  --format F         table (default) or json
  --no-progress      never draw the progress bar
  -h, --help         this help

Examples:
  tradecast compare baseline escalation thaw
  tradecast compare baseline --vary oilLongRun=60 --vary westernWedge=0.5
  tradecast compare baseline localisation --series share.cars.china --format json`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      vary: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      paths: { type: 'string' },
      seed: { type: 'string' },
      horizon: { type: 'string' },
      series: { type: 'string', multiple: true },
      format: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
    });
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const common = parseOverrides(values.set);
    const entries: CompareEntry[] = positionals.map((argument) => ({ resolved: loadScenarioOrThrow(argument, common) }));
    const first = positionals[0];
    for (const pair of values.vary ?? []) {
      if (!first) break;
      entries.push({ resolved: loadScenarioOrThrow(first, { ...common, ...parseOverrides([pair]) }), label: `${entries[0]!.resolved.id} (${pair})` });
    }
    if (entries.length < 2) throw new UsageError('name two or more scenarios, or one scenario and at least one --vary key=value');
    if (entries.length > MAX_COMPARED_SCENARIOS) throw new UsageError(`at most ${MAX_COMPARED_SCENARIOS} scenarios in one comparison`);
    const options = {
      ...optional('paths', integerOption(values.paths, 'paths', 1, MAX_PATHS)),
      ...optional('seed', integerOption(values.seed, 'seed', 0, MAX_SEED)),
      ...optional('horizon', integerOption(values.horizon, 'horizon', 1991, MAX_HORIZON)),
    };
    refuseOverLimits(compareWork(entries, options));
    const outcome = await driveAnalysis((context) => compareScenarios(entries, options, context), io, 'compare', !values['no-progress']);
    if (!outcome.ok) return outcome.exitCode;
    const series = values.series ?? [...COMPARE_DEFAULT_SERIES];
    const known = Object.keys(outcome.result.scenarios[0]!.series);
    const unknown = series.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new UsageError(`--series: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);
    io.stdout.write(format === 'json' ? serializeResult(outcome.result) : formatCompare(outcome.result, series));
    return EXIT_OK;
  },
};
