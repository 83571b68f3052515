import { prepareRun } from '../../run/preparedRun.js';
import { EXIT_OK, InvalidScenarioError, loadScenarioOrThrow, parseCommandArgs, parseOverrides, type Command } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a scenario file without running it',
  help: `Usage: tradecast validate <scenario> [--set key=value]…

Reads the scenario (following extends), validates it against the schema and compiles it to the
model: every expression, probability, distribution support, the correlation matrix and the
origin-year data are checked. Prints a one-line summary and the data files it read, and exits
0; or prints each problem as file:line: field: message and exits 2.

A data path is read relative to the file that names it; when nothing is there, the shipped
file of the same name is read (so a copied baseline.yaml runs anywhere). Paths may also be
absolute or start with ../ on the command line (the server reads only its own folders).`,
  run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { set: { type: 'string', multiple: true } });
    const resolved = loadScenarioOrThrow(positionals[0], parseOverrides(values.set));
    const prepared = prepareRun(resolved, { paths: 1 });
    if (!prepared.ok) throw new InvalidScenarioError(prepared.issues);
    const { plan, targets } = prepared.run;
    const uncertain = plan.parameters.filter((p) => p.distribution.dist !== 'fixed').length;
    io.stdout.write(
      `ok: ${positionals[0]} — "${resolved.scenario.name}": origin ${plan.originYear}, projection ${plan.years[0]}–${plan.years.at(-1)}, ` +
        `${plan.sectorNames.length} sectors, ${plan.regimeNames.length} regimes, ${uncertain} of ${plan.parameters.length} parameters uncertain, ` +
        `${Object.keys(resolved.scenario.knobs).length} knobs, ${targets.length} targets\n`,
    );
    const { dataFiles } = resolved;
    if (dataFiles) io.stdout.write(`data: ${[dataFiles.turnover, dataFiles.sectorShares].filter((file) => file !== undefined).join(', ')}\n`);
    return EXIT_OK;
  },
};
