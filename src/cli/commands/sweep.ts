import { sweepAnalysis, type SweepAxis } from '../../analysis/sweep.js';
import { MAX_SWEEP_POINTS } from '../../analysis/defaults.js';
import { serializeResult } from '../../run/serializeResult.js';
import { EXIT_OK, InvalidScenarioError, UsageError, choiceOption, integerField, loadScenarioOrThrow, optional, parseCommandArgs, parseOverrides, type Command } from '../command.js';
import { refuseOverLimits } from '../commandLimits.js';
import { driveAnalysis } from '../driveAnalysis.js';
import { formatSweep } from '../formatSweep.js';
import { queueAddressOption } from '../queueRunner.js';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run a scenario over a grid of one or two knobs (common random numbers)',
  help: `Usage: tradecast sweep <scenario> --grid knob=FROM..TO:STEP [--grid knob2=FROM..TO:STEP] [options]

Runs the scenario at every point of a grid of one or two knobs, each point with the same seed
and paths, so path p sees the same shocks and parameter draws everywhere (common random
numbers): what changes between points is the knobs' doing. Prints one output (median and
p5–p95) and every target's probability per point; with two knobs, as matrices.

Options:
  --grid knob=FROM..TO:STEP
                     a knob of the scenario from FROM to TO (both included) by STEP, e.g.
                     --grid oilLongRun=50..90:10; once or twice; at most ${MAX_SWEEP_POINTS} points
  --output S@Y       the series shown, series@year (default turnover in the horizon year)
  --set key=value    override a knob or field at every point; repeatable
  --paths N          Monte Carlo paths per point (default: the scenario's run.paths, else 10000)
  --seed S           master seed (default: the scenario's run.seed, else 2030)
  --horizon Y        last projected year
  --format F         table (default) or json
  --queue URL        run the points on the workers of a queue, redis://HOST:PORT[/DB]
                     (tradecast worker), many at once; byte-identical output
  --no-progress      never draw the progress bar
  -h, --help         this help

Examples:
  tradecast sweep baseline --grid oilLongRun=50..90:10
  tradecast sweep baseline --grid oilLongRun=50..90:20 --grid westernWedge=0..0.6:0.2 --paths 20000
  tradecast sweep baseline --grid recyclingFeeWedge=0..0.4:0.1 --output share.cars.china@2030 --format json`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      grid: { type: 'string', multiple: true },
      output: { type: 'string' },
      set: { type: 'string', multiple: true },
      paths: { type: 'string' },
      seed: { type: 'string' },
      horizon: { type: 'string' },
      format: { type: 'string' },
      queue: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) throw new UsageError(`sweep takes one scenario, got ${positionals.length}`);
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const grid = (values.grid ?? []).map(parseAxis);
    if (grid.length < 1 || grid.length > 2) throw new UsageError(`--grid: give one or two knobs (--grid knob=FROM..TO:STEP), got ${grid.length}`);
    const queue = queueAddressOption(values.queue);
    const resolved = loadScenarioOrThrow(positionals[0], parseOverrides(values.set));
    const options = {
      grid,
      ...optional('output', values.output),
      ...optional('paths', integerField(values.paths, 'paths', sweepAnalysis.request.shape.paths)),
      ...optional('seed', integerField(values.seed, 'seed', sweepAnalysis.request.shape.seed)),
      ...optional('horizon', integerField(values.horizon, 'horizon', sweepAnalysis.request.shape.horizon)),
    };
    const work = sweepAnalysis.work(resolved, options);
    if (!work.ok) throw new InvalidScenarioError(work.issues);
    refuseOverLimits(work.work);
    const outcome = await driveAnalysis((context) => sweepAnalysis.compute(resolved, options, context), io, sweepAnalysis.command, !values['no-progress'], sweepAnalysis.unit, queue);
    if (!outcome.ok) return outcome.exitCode;
    io.stdout.write(format === 'json' ? serializeResult(outcome.result) : formatSweep(outcome.result));
    return EXIT_OK;
  },
};

/** `knob=FROM..TO:STEP` as an axis; a usage error naming what is wrong. */
function parseAxis(text: string): SweepAxis {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(-?[0-9.eE+-]+)\s*\.\.\s*(-?[0-9.eE+-]+)\s*:\s*([0-9.eE+-]+)\s*$/.exec(text);
  const [from, to, step] = match ? [Number(match[2]), Number(match[3]), Number(match[4])] : [NaN, NaN, NaN];
  if (!match || !Number.isFinite(from) || !Number.isFinite(to) || !(step > 0))
    throw new UsageError(`--grid ${text}: expected knob=FROM..TO:STEP with numbers and STEP > 0, e.g. --grid oilLongRun=50..90:10`);
  return { knob: match[1]!, from, to, step };
}
