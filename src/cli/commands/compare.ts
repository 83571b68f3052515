import { compareAnalysis, type CompareEntry } from '../../analysis/compare.js';
import { MAX_COMPARED_SCENARIOS, MAX_EXPLAIN_INPUTS } from '../../analysis/defaults.js';
import { parseExplainOutput } from '../../analysis/explainDifference.js';
import { serializeResult } from '../../run/serializeResult.js';
import { DEFAULT_SAMPLING } from '../../core/defaults.js';
import { SAMPLINGS } from '../../core/modelPlan.js';
import { EXIT_OK, InvalidScenarioError, UsageError, choiceOption, integerField, loadScenarioOrThrow, optional, parseCommandArgs, parseObservations, parseOverrides, type Command } from '../command.js';
import { refuseOverLimits } from '../commandLimits.js';
import { driveAnalysis } from '../driveAnalysis.js';
import { queueAddressOption } from '../queueRunner.js';
import { COMPARE_DEFAULT_SERIES, formatCompare } from '../formatCompare.js';
import { formatExplain } from '../formatExplain.js';

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
  --observe NAME@YEAR=VALUE
                     what happened in a projected year (repeatable; in every scenario): a driver pinned on every
                     path (oilPrice US$/bbl, rubPerCny, crudeVolume Mt, recyclingFee, regime
                     thaw|statusQuo|escalation) or an outcome the paths are conditioned on
                     (turnover, exportsToChina, importsFromChina US$ bn; share.cars.china);
                     turnover@2026:4=85.2 is January–April's cumulative turnover
  --paths N          Monte Carlo paths (default: the first scenario's run.paths, else 10000)
  --seed S           master seed (default: the first scenario's run.seed, else 2030)
  --horizon Y        last projected year (default: the earliest of the scenarios' horizons)
  --sampling S       independent or antithetic, for every scenario (default: the first
                     scenario's run.sampling, else independent); pairs stay pairs in each, so
                     the random numbers are still common
  --series NAME      a series to show in the table (repeatable; default turnover, exportsToChina,
                     importsFromChina, share.cars.china); --format json has every series
  --explain          split B − A of one output between the inputs that differ (two scenarios
                     only): every mixture of A and B (2^k runs for k inputs, k ≤ ${MAX_EXPLAIN_INPUTS})
                     runs on the same random numbers, and each input's part is its Shapley
                     value; the parts add up to B − A, each with its standard error
  --output O         what --explain splits: series@year, the median across paths (default
                     turnover in the horizon year); a target's id or target:<id>; or a target
                     written in place, "P(turnover>=300)@2030" (a probability)
  --format F         table (default) or json (with --explain, an "explain" object)
  --queue URL        run the simulations on the workers of a queue, redis://HOST:PORT[/DB]
                     (tradecast worker); this command coordinates; byte-identical output
  --no-progress      never draw the progress bar
  -h, --help         this help

Inputs that differ: each knob whose value differs; each model field whose numbers differ
(oil.meanReversion, regimes.states.escalation.transition, sectors.cars.importContent; sources,
labels and descriptions do not count); the history data. Past ${MAX_EXPLAIN_INPUTS} inputs, fields are grouped
by block (oil, regimes, sectors.cars, …), then the knobs into one; past that it stops with an
error. See docs/workflow.md.

Examples:
  tradecast compare baseline escalation thaw
  tradecast compare baseline --vary oilLongRun=60 --vary westernWedge=0.5
  tradecast compare baseline localisation --series share.cars.china --format json
  tradecast compare baseline escalation --explain
  tradecast compare baseline oil-slump --explain --output "P(turnover>=300)@2030"`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      vary: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      observe: { type: 'string', multiple: true },
      paths: { type: 'string' },
      seed: { type: 'string' },
      horizon: { type: 'string' },
      sampling: { type: 'string' },
      series: { type: 'string', multiple: true },
      format: { type: 'string' },
      explain: { type: 'boolean', default: false },
      output: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      queue: { type: 'string' },
    });
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const common = parseOverrides(values.set);
    const observed = parseObservations(values.observe);
    const entries: CompareEntry[] = positionals.map((argument) => ({ resolved: loadScenarioOrThrow(argument, common, observed) }));
    const first = positionals[0];
    for (const pair of values.vary ?? []) {
      if (!first) break;
      entries.push({ resolved: loadScenarioOrThrow(first, { ...common, ...parseOverrides([pair]) }, observed), label: `${entries[0]!.resolved.id} (${pair})` });
    }
    if (entries.length < 2) throw new UsageError('name two or more scenarios, or one scenario and at least one --vary key=value');
    if (entries.length > MAX_COMPARED_SCENARIOS) throw new UsageError(`at most ${MAX_COMPARED_SCENARIOS} scenarios in one comparison`);
    if (values.output !== undefined && !values.explain) throw new UsageError('--output says what --explain splits; add --explain');
    if (values.explain && entries.length !== 2) throw new UsageError(`--explain splits B − A of one pair: name two scenarios (or one and one --vary), got ${entries.length}`);
    const output = values.output === undefined ? undefined : parseExplainOutput(values.output);
    if (output && !output.ok) throw new UsageError(`--output: ${output.message}`);
    const options = {
      ...optional('paths', integerField(values.paths, 'paths', compareAnalysis.request.shape.paths)),
      ...optional('seed', integerField(values.seed, 'seed', compareAnalysis.request.shape.seed)),
      ...optional('horizon', integerField(values.horizon, 'horizon', compareAnalysis.request.shape.horizon)),
      ...optional('sampling', values.sampling === undefined ? undefined : choiceOption(values.sampling, 'sampling', SAMPLINGS, DEFAULT_SAMPLING)),
      ...optional('explain', values.explain ? (output?.ok ? { output: output.spec } : {}) : undefined),
    };
    const work = compareAnalysis.work(entries, options);
    if (!work.ok) throw new InvalidScenarioError(work.issues);
    refuseOverLimits(work.work);
    const queue = queueAddressOption(values.queue);
    const outcome = await driveAnalysis((context) => compareAnalysis.compute(entries, options, context), io, compareAnalysis.command, !values['no-progress'], compareAnalysis.unit, queue);
    if (!outcome.ok) return outcome.exitCode;
    const series = values.series ?? [...COMPARE_DEFAULT_SERIES];
    const known = Object.keys(outcome.result.scenarios[0]!.series);
    const unknown = series.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new UsageError(`--series: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);
    const { result } = outcome;
    const explained = result.explain ? formatExplain(result.explain, result.scenarios[0]!.label, result.scenarios[1]!.label) : '';
    io.stdout.write(format === 'json' ? serializeResult(result) : formatCompare(result, series) + explained);
    return EXIT_OK;
  },
};
