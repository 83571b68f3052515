import { resultCsv } from '../../run/resultCsv.js';
import { availableParallelism } from 'node:os';
import { prepareRun } from '../../run/preparedRun.js';
import { simulationWork } from '../../run/runCost.js';
import { serializeResult } from '../../run/serializeResult.js';
import { DEFAULT_SAMPLING, MAX_SEED, MAX_THREADS, PARALLEL_MIN_PATHS } from '../../core/defaults.js';
import { horizonSchema, pathsSchema, seedSchema } from '../../analysis/requestFields.js';
import { describeModelFailure } from '../../core/modelFailure.js';
import { SAMPLINGS } from '../../core/modelPlan.js';
import {
  choiceOption,
  failureExitCode,
  EXIT_OK,
  InvalidScenarioError,
  UsageError,
  integerField,
  integerOption,
  loadScenarioOrThrow,
  parseCommandArgs,
  parseObservations,
  parseOverrides,
  type Command,
} from '../command.js';
import { formatTable } from '../formatTable.js';
import { commandRunner, queueAddressOption } from '../queueRunner.js';
import { createProgressBar } from '../progressBar.js';
import { refuseOverLimits } from '../commandLimits.js';
import { writeFilesTogether } from '../writeFilesTogether.js';

const FORMATS = ['table', 'json', 'csv'] as const;

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario by Monte Carlo and print the projection',
  help: `Usage: tradecast run <scenario> [options]

Runs a scenario file (or a shipped scenario id such as baseline) by Monte Carlo and prints the
projection: mean and 5/25/50/75/95th percentiles of every series by year, the probability of
each target, and the probability of each sanctions regime.

Options:
  --paths N          Monte Carlo paths (default: the scenario's run.paths, else 10000)
  --seed S           master seed, 0–${MAX_SEED} (default: the scenario's run.seed, else 2030);
                     the same scenario and seed always give byte-identical output
  --horizon Y        last projected year (default: the scenario's horizon, 2030)
  --sampling S       independent (default: the scenario's run.sampling, else independent) or
                     antithetic: paths in pairs whose yearly shocks are each other's negation,
                     for a smaller Monte Carlo error at the same paths (docs/performance.md); the
                     targets' standard errors are then the pairs'
  --set key=value    override a knob (--set oilLongRun=60) or any field by its dotted path
                     (--set oil.volatility.mean=0.35); repeatable; applied after extends
  --observe NAME@YEAR=VALUE
                     what happened in a projected year (repeatable): a driver pinned on every
                     path (oilPrice US$/bbl, rubPerCny, crudeVolume Mt, recyclingFee, regime
                     thaw|statusQuo|escalation) or an outcome the paths are conditioned on
                     (turnover, exportsToChina, importsFromChina US$ bn; share.cars.china);
                     turnover@2026:4=85.2 is January–April's cumulative turnover
  --format F         table (default), json (the result contract, one document) or csv
  --out DIR          also write DIR/<id>.json and DIR/<id>.csv (each whole, both from this run)
  --threads N        worker threads for runs of ${PARALLEL_MIN_PATHS} paths or more (default: the
                     machine's cores); the output is byte-identical for any N
  --queue URL        run on the workers of a queue, redis://HOST:PORT[/DB] (tradecast worker);
                     this command coordinates; the output is byte-identical to a local run
  --no-progress      never draw the progress bar (it appears on a terminal after 0.3 s)
  -h, --help         this help

Units: money in nominal US$ bn (GACC series), oil in US$/bbl, rouble in RUB/CNY, shares as
fractions. Exit codes: 0 ok; 2 invalid input (the message names file, line and field);
1 the model could not run or an internal error.

What moves what (model v2): oil moves exports only (crude value, other energy); the rouble
moves the sector markets and the imports outside them, and so imports from China; demand
shocks move imports; regimes move
wedges, caps and payment frictions. Oil's yearly shocks are correlated with the rouble's and
demand's, but the long-run oil price (oilLongRun) is not tied to imports: moving it leaves
imports unchanged on every path (docs/workflow.md, "the model's channels").

Examples:
  tradecast run baseline
  tradecast run scenarios/escalation.yaml --paths 20000 --format json > escalation.json
  tradecast run baseline --set westernWedge=0.5 --set oilLongRun=55 --format csv`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      paths: { type: 'string' },
      seed: { type: 'string' },
      horizon: { type: 'string' },
      sampling: { type: 'string' },
      set: { type: 'string', multiple: true },
      observe: { type: 'string', multiple: true },
      format: { type: 'string', default: 'table' },
      out: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      threads: { type: 'string' },
      queue: { type: 'string' },
    });
    if (positionals.length > 1) throw new UsageError(`run takes one scenario, got ${positionals.length}: ${positionals.join(' ')}`);
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got "${values.format}"`);
    const options = {
      paths: integerField(values.paths, 'paths', pathsSchema),
      seed: integerField(values.seed, 'seed', seedSchema),
      horizon: integerField(values.horizon, 'horizon', horizonSchema),
      sampling: values.sampling === undefined ? undefined : choiceOption(values.sampling, 'sampling', SAMPLINGS, DEFAULT_SAMPLING),
    };
    const threads = integerOption(values.threads, 'threads', 1, MAX_THREADS) ?? availableParallelism();
    const queue = queueAddressOption(values.queue);
    const resolved = loadScenarioOrThrow(positionals[0], parseOverrides(values.set), parseObservations(values.observe));
    const prepared = prepareRun(resolved, stripUndefined(options));
    if (!prepared.ok) throw new InvalidScenarioError(prepared.issues);
    const { run } = prepared;
    refuseOverLimits(simulationWork(run));

    const bar = createProgressBar(values['no-progress'] ? ({ isTTY: false } as NodeJS.WriteStream) : io.stderr, `${run.id}`);
    const runner = await commandRunner(threads, queue);
    const outcome = await runner.run(run, { onProgress: (progress) => bar.update(progress.done, progress.total) }).finally(() => runner.close());
    bar.finish();
    if (!outcome.ok) {
      io.stderr.write(`tradecast: ${run.id}: ${describeModelFailure(outcome.failure)}\n`);
      return failureExitCode(outcome.failure);
    }
    const { result } = outcome;
    if (values.out) {
      writeFilesTogether(values.out, [
        { name: `${run.id}.json`, text: serializeResult(result) },
        { name: `${run.id}.csv`, text: resultCsv(result) },
      ]);
    }
    io.stdout.write(format === 'json' ? serializeResult(result) : format === 'csv' ? resultCsv(result) : formatTable(result));
    return EXIT_OK;
  },
};

function stripUndefined<T extends Record<string, unknown>>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
