import { parseOutputSpec, type OutputSpec } from '../../analysis/outputSelector.js';
import { SENSITIVITY_METHODS, sensitivityAnalysis, type SensitivityOptions } from '../../analysis/sensitivity/sensitivity.js';
import { serializeResult } from '../../run/serializeResult.js';
import {
  EXIT_OK,
  InvalidScenarioError,
  UsageError,
  choiceOption,
  integerField,
  integerOption,
  loadScenarioOrThrow,
  optional,
  parseCommandArgs,
  parseObservations,
  parseOverrides,
  type Command,
} from '../command.js';
import { refuseOverLimits } from '../commandLimits.js';
import { driveAnalysis } from '../driveAnalysis.js';
import { queueAddressOption } from '../queueRunner.js';
import { formatSensitivity } from '../formatSensitivity.js';

/** Factors shown in the tornado by default. */
const DEFAULT_TOP = 15;

export const sensitivityCommand: Command = {
  name: 'sensitivity',
  summary: 'rank which uncertain parameters drive an output (Sobol indices or Morris screening)',
  help: `Usage: tradecast sensitivity <scenario> [options]

Global sensitivity of one output to the scenario's uncertain parameters (every non-fixed
distribution) and to its random shocks. Prints a tornado table ranked by the total Sobol index
(or Morris μ*); --format json gives every factor with its confidence interval.

  sobol (default): first-order and total indices on a Saltelli design (A, B and A_B^(i)
          matrices, N(k + 2) evaluations), Saltelli 2010 and Jansen estimators, percentile
          bootstrap intervals. Shocks: with one path per evaluation the whole stream of yearly
          shocks is one more factor, "shocks"; with --inner-paths M > 1 each evaluation averages
          the same M shock paths, and the indices apportion the uncertainty about the mean (or a
          target's probability) given the parameters.
  morris: elementary effects (μ*, μ, σ) on r trajectories of k + 1 points (4-level grid), each
          trajectory on its own shock path; cheap screening.

Options:
  --method M         sobol (default) or morris
  --output O         series@year, e.g. turnover@2030 (default: turnover in the horizon year),
                     share.cars.china@2028, oilPrice@2027; target:<id>; or a target
                     written in place, P(turnover >= 300)@2030
  --target ID        shorthand for --output target:ID (the output is the target's probability)
  --samples N        Sobol base sample N (default 2048; 256 for a target) or Morris trajectories
                     (default 100; 30 for a target)
  --inner-paths M    shock paths averaged per evaluation (default 1; 64 for a target)
  --group sectors    move each sector's parameters together as one factor (default: one factor each)
  --resamples B      bootstrap resamples (default 400)
  --seed S           seed of the design, the bootstrap and the shocks (default: the scenario's)
  --set key=value    override a knob or field; repeatable
  --observe NAME@YEAR=VALUE
                     what happened in a projected year (repeatable): a driver pinned on every
                     path (oilPrice US$/bbl, rubPerCny, crudeVolume Mt, recyclingFee, regime
                     thaw|statusQuo|escalation) or an outcome the paths are conditioned on
                     (turnover, exportsToChina, importsFromChina US$ bn; share.cars.china);
                     turnover@2026:4=85.2 is January–April's cumulative turnover
  --top N            factors in the table (default ${DEFAULT_TOP})
  --format F         table (default) or json
  --queue URL        run the simulations on the workers of a queue, redis://HOST:PORT[/DB]
                     (tradecast worker); this command coordinates; byte-identical output
  --no-progress      never draw the progress bar
  -h, --help         this help

Examples:
  tradecast sensitivity baseline
  tradecast sensitivity baseline --method morris --output share.cars.china@2030
  tradecast sensitivity baseline --target turnover-300bn-2030 --group sectors`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      method: { type: 'string' },
      output: { type: 'string' },
      target: { type: 'string' },
      samples: { type: 'string' },
      'inner-paths': { type: 'string' },
      group: { type: 'string' },
      resamples: { type: 'string' },
      seed: { type: 'string' },
      set: { type: 'string', multiple: true },
      observe: { type: 'string', multiple: true },
      top: { type: 'string' },
      format: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      queue: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError(`sensitivity takes one scenario, got ${positionals.length}`);
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const method = choiceOption(values.method, 'method', SENSITIVITY_METHODS, 'sobol');
    const grouping = choiceOption(values.group, 'group', ['parameters', 'sectors'] as const, 'parameters');
    if (values.output !== undefined && values.target !== undefined) throw new UsageError('give --output or --target, not both');
    let output: OutputSpec | undefined;
    const text = values.target !== undefined ? `target:${values.target}` : values.output;
    if (text !== undefined) {
      const parsed = parseOutputSpec(text);
      if (!parsed.ok) throw new UsageError(`--output: ${parsed.message}`);
      output = parsed.spec;
    }
    const resolved = loadScenarioOrThrow(positionals[0], parseOverrides(values.set), parseObservations(values.observe));
    const top = integerOption(values.top, 'top', 1, 10_000) ?? DEFAULT_TOP;
    const options: SensitivityOptions = {
      method,
      grouping: grouping === 'sectors' ? 'sector' : 'parameter',
      ...optional('output', output),
      ...optional('samples', integerField(values.samples, 'samples', sensitivityAnalysis.request.shape.samples)),
      ...optional('innerPaths', integerField(values['inner-paths'], 'inner-paths', sensitivityAnalysis.request.shape.innerPaths)),
      ...optional('resamples', integerField(values.resamples, 'resamples', sensitivityAnalysis.request.shape.resamples)),
      ...optional('seed', integerField(values.seed, 'seed', sensitivityAnalysis.request.shape.seed)),
    };
    const work = sensitivityAnalysis.work(resolved, options);
    if (!work.ok) throw new InvalidScenarioError(work.issues);
    refuseOverLimits(work.work);
    // the bar says "paths" where the server's health route counts "simulated paths": the same engine paths
    const outcome = await driveAnalysis(
      (context) => sensitivityAnalysis.compute(resolved, options, context),
      io,
      sensitivityAnalysis.command,
      !values['no-progress'],
      'paths',
      queueAddressOption(values.queue),
    );
    if (!outcome.ok) return outcome.exitCode;
    io.stdout.write(format === 'json' ? serializeResult(outcome.result) : formatSensitivity(outcome.result, top));
    return EXIT_OK;
  },
};
