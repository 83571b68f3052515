import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { calibrate } from '../../analysis/calibration/calibrate.js';
import { calibrationOverlay } from '../../analysis/calibration/calibrationOverlay.js';
import { otherEnergyOf } from '../../analysis/calibration/driverEstimates.js';
import { formatDataIssue } from '../../scenario/dataIssue.js';
import { parseDriversHistory, type DriverTable } from '../../scenario/parseDriversHistory.js';
import { shippedScenarioFile } from '../../scenario/loadScenario.js';
import { prepareRun } from '../../run/preparedRun.js';
import { parseCarShareHistory, parseTurnoverHistory } from '../../scenario/history.js';
import { resolveScenarioFile } from '../../scenario/loadScenario.js';
import { formatIssue } from '../../scenario/scenarioIssue.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, choiceOption, integerOption, optional, parseCommandArgs, type Command } from '../command.js';
import { formatCalibration } from '../formatCalibration.js';
import { writeFileAtomic } from '../writeFileAtomic.js';

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: 'fit drifts, volatilities and the car substitution speed to the history; write a scenario overlay',
  help: `Usage: tradecast calibrate <turnover.csv> [options]

Fits the GACC history (the turnover CSV, as in scenarios/data/trade_turnover.csv):
  - drift and volatility of the log growth of turnover, exports to China and imports from China,
    by GLS over year-to-year changes (a gap becomes one change over several years, weighted by
    its length), with the 2022 break explicit: a one-off jump in 2022 and a drift shift after it,
    each with its t-test; the projection drift is the post-break one only if the shift is
    significant, else the common drift;
  - the substitution speed λ and target share of Chinese cars from the car-share path, by
    nonlinear least squares of the model's partial adjustment from 2021 (and, to show how
    fragile four points are, from 2022);
  - the drivers' data-based parameters (from drivers_history.csv and drivers.csv next to the
    turnover CSV): the oil price's five-year mean, the oil–rouble correlation of yearly changes,
    the crude volume's trend and volatility, non-energy export growth (non-crude exports less
    other energy's oil-linked part, its share and elasticity taken from the --extends scenario),
    and the drift and rouble elasticity of imports;
with standard errors and intervals. With --out it writes a scenario that extends a shipped one
and replaces the matching distributions with draws carrying the estimation uncertainty, and
checks that it validates.

Data rules: PRIMARY (GACC) rows only; 2012 is a gap; 2015 (flagged suspect) is left out unless
--include-suspect; unstated export/import splits are gaps unless --derived-splits.

Options:
  --sector-shares FILE  car-share CSV (default: sector_shares.csv next to the turnover CSV, if any)
  --out FILE            write the overlay scenario (YAML) there, atomically, and validate it
  --extends ID          the scenario the overlay extends (default baseline)
  --include-suspect     use 2015's suspect level
  --derived-splits      use export/import splits derived in the notes (2023 exports)
  --break-year Y        first year of the post-sanctions regime (default 2022)
  --format F            table (default) or json
  -h, --help            this help

Example:
  tradecast calibrate scenarios/data/trade_turnover.csv --out scenarios/calibrated.yaml`,
  run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      'sector-shares': { type: 'string' },
      out: { type: 'string' },
      extends: { type: 'string', default: 'baseline' },
      'include-suspect': { type: 'boolean', default: false },
      'derived-splits': { type: 'boolean', default: false },
      'break-year': { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('name the turnover CSV, e.g. scenarios/data/trade_turnover.csv');
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const file = positionals[0]!;
    const years = parseTurnoverHistory(readText(file));
    if (years.length === 0) throw new UsageError(`${file}: no PRIMARY (GACC) rows with a year; expected the columns of scenarios/data/trade_turnover.csv`);
    const sharesFile = values['sector-shares'] ?? siblingShares(file);
    const carShareChina = sharesFile ? parseCarShareHistory(readText(sharesFile)) : {};
    const drivers = siblingDrivers(file);
    const parent = shippedScenarioFile(values.extends ?? 'baseline');
    const parentScenario = parent ? resolveScenarioFile(parent) : null;
    const otherEnergy = parentScenario?.ok ? otherEnergyOf(parentScenario.resolved) : null;
    const result = calibrate(
      { years, carShareChina, drivers },
      {
        ...(otherEnergy ? { otherEnergy } : {}),
        includeSuspect: values['include-suspect'],
        derivedSplits: values['derived-splits'],
        ...optional('breakYear', integerOption(values['break-year'], 'break-year', 1991, 2100)),
      },
    );
    let overlay: { file: string; replaced: string[]; skipped: { path: string; reason: string }[]; valid: boolean } | null = null;
    if (values.out) {
      const command = ['tradecast calibrate', ...args].join(' ');
      const written = calibrationOverlay(result, { parent: values.extends, command });
      writeFileAtomic(values.out, written.text);
      const check = resolveScenarioFile(values.out);
      const prepared = check.ok ? prepareRun(check.resolved, { paths: 1 }) : check;
      if (!prepared.ok) {
        io.stderr.write(`tradecast calibrate: the overlay written to ${values.out} does not validate:\n${prepared.issues.map(formatIssue).join('\n')}\n`);
        return EXIT_FAILURE;
      }
      overlay = { file: values.out, replaced: written.entries.map((e) => e.path), skipped: [...written.skipped], valid: true };
    }
    if (format === 'json') {
      io.stdout.write(JSON.stringify({ ...result, data: { turnover: file, sectorShares: sharesFile ?? null }, overlay }) + '\n');
      return EXIT_OK;
    }
    let text = formatCalibration(result, `${file}${sharesFile ? ` and ${sharesFile}` : ''}`);
    if (overlay) {
      text += `\nWrote ${overlay.file} (extends ${values.extends}; validated): replaces ${overlay.replaced.join(', ')} with draws carrying the estimation uncertainty.\n`;
      for (const s of overlay.skipped) text += `  not written: ${s.path} — ${s.reason}\n`;
      text += `Try: tradecast compare ${values.extends} ${overlay.file}\n`;
    }
    io.stdout.write(text);
    return EXIT_OK;
  },
};

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The driver tables next to the turnover file (drivers_history.csv, then drivers.csv), parsed; a bad row is a usage error naming it. */
function siblingDrivers(file: string): DriverTable[] {
  const tables: DriverTable[] = [];
  for (const name of ['drivers_history.csv', 'drivers.csv']) {
    const path = join(dirname(resolve(file)), name);
    if (!existsSync(path)) continue;
    const parsed = parseDriversHistory(readText(path), name);
    if (!parsed.ok) throw new UsageError(`bad rows in ${path}:\n${parsed.issues.map(formatDataIssue).join('\n')}`);
    tables.push({ file: name, records: parsed.records });
  }
  return tables;
}

/** sector_shares.csv next to the turnover file, when there is one. */
function siblingShares(file: string): string | undefined {
  const candidate = join(dirname(resolve(file)), 'sector_shares.csv');
  return existsSync(candidate) && basename(file) !== 'sector_shares.csv' ? join(dirname(file), 'sector_shares.csv') : undefined;
}
