import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { newestCompleteYear, originFacts, type DriverTable, type OriginData } from '../../analysis/rebase/originFacts.js';
import { rebaseScenario } from '../../analysis/rebase/rebaseScenario.js';
import { prepareRun } from '../../run/preparedRun.js';
import { formatDataIssue } from '../../scenario/dataIssue.js';
import { parseCarShareObservations } from '../../scenario/history.js';
import { resolveScenarioFile } from '../../scenario/loadScenario.js';
import { parseDriversHistory } from '../../scenario/parseDriversHistory.js';
import { rewriteScenarioText } from '../../scenario/rewriteScenarioText.js';
import type { ScenarioIssue } from '../../scenario/scenarioIssue.js';
import { EXIT_FAILURE, EXIT_OK, InvalidScenarioError, UsageError, choiceOption, integerOption, parseCommandArgs, scenarioPath, type Command } from '../command.js';
import { formatRebase, type RebaseReport } from '../formatRebase.js';
import { writeFileAtomic } from '../writeFileAtomic.js';

/** Driver tables read next to the turnover file, in order of preference. */
const DRIVER_FILES = ['drivers_history.csv', 'drivers.csv'] as const;

export const rebaseCommand: Command = {
  name: 'rebase',
  summary: 'move a scenario’s origin to the newest year of data: levels, car share and wedges from the data',
  help: `Usage: tradecast rebase <scenario> [--origin YEAR] [--write] [--format table|json]

Re-bases a scenario file on a year of data (default: the newest year whose turnover and
export/import split are both stated in its turnover CSV) and prints what changes, field by
field: old → new, and the data file and row (or the assumption) behind the new value.
  origin                     the year
  oil.start                  China's import unit value of Russian crude, US$/bbl = crude value
                             US$ bn ÷ (Mt × 7.33 bbl/t), full year, else the longest January-to-
                             month period in the data (drivers_history.csv, then drivers.csv)
  rouble.start               average RUB per CNY of the year (drivers_history.csv)
  exports.crudeVolume        Mt/yr: the year's, else the longest partial period × 12/months
  exports.otherEnergy        US$ bn, an assumption: moved with the oil price at the elasticity's centre
  sectors.*.market           US$ bn, assumptions: moved with Russia's imports from China
  sectors.cars.originShares  China's share of new-car sales from sector_shares.csv; the rest keep
                             their proportions (assumption)
  sectors.*.sanctionsWedge   recalibrated so that the status quo holds the origin shares at the
                             centre of each sector's elasticity (scenarios/README.md)
Only the characters of changed values are rewritten: comments and layout survive. Fields the file
inherits through extends are listed, not written (re-base the file that holds them). The
re-based text is validated (compiled at the new origin) before anything is written.

Options:
  --origin YEAR     the year to start from (it needs a stated export/import split)
  --write           rewrite the file (atomically); without it nothing is written
  --format F        table (default) or json
  -h, --help        this help

Exit codes: 0 done (or nothing to do), 2 bad input or data (the field or file:line named),
1 the re-based scenario does not validate (nothing written).

Example:
  tradecast rebase scenarios/baseline.yaml            # review the summary
  tradecast rebase scenarios/baseline.yaml --write    # then rewrite the file`,
  run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      origin: { type: 'string' },
      write: { type: 'boolean', default: false },
      format: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('name one scenario file (e.g. scenarios/baseline.yaml) or shipped id (e.g. baseline)');
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const file = resolve(scenarioPath(positionals[0]));
    const loaded = resolveScenarioFile(file);
    if (!loaded.ok) throw new InvalidScenarioError(loaded.issues);
    const { scenario, history, dataFiles } = loaded.resolved;
    const data = originData(history.years, dataFiles!);
    const year = integerOption(values.origin, 'origin', 1990, 2100) ?? newestCompleteYear(history.years);
    if (year === null) throw new UsageError(`${data.turnoverFile} states no year with both turnover and an export/import split`);
    const facts = originFacts(data, year);
    if (!facts.ok) throw new UsageError(`--origin ${year}: ${facts.problems.join('; ')}`);
    const previous = originFacts(data, scenario.origin);
    const plan = rebaseScenario(scenario, facts.facts, previous.ok ? previous.facts : null);

    const text = readFileSync(file, 'utf8');
    const rewritten = rewriteScenarioText(
      text,
      plan.changes.map((change) => ({ path: change.path, value: change.to })),
    );
    const issues = rewritten.written.length === 0 ? [] : validateText(file, rewritten.text);
    const written = values.write && issues.length === 0 && rewritten.written.length > 0;
    if (written) writeFileAtomic(file, rewritten.text);
    const report: RebaseReport = {
      file: positionals[0]!,
      plan,
      written: rewritten.written.map((p) => p.join('.')),
      inherited: rewritten.absent.map((p) => p.join('.')),
      parent: scenarioExtends(text),
      issues,
      wroteFile: written,
      dryRun: !values.write,
    };
    io.stdout.write(format === 'json' ? JSON.stringify({ kind: 'rebase', ...report }) + '\n' : formatRebase(report));
    return issues.length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

/** The data files of the scenario, read and parsed; a bad row stops the command (exit 2). */
function originData(years: OriginData['years'], files: { readonly turnover: string; readonly sectorShares?: string }): OriginData {
  const folder = dirname(files.turnover);
  const drivers: DriverTable[] = [];
  for (const name of DRIVER_FILES) {
    const path = join(folder, name);
    if (!existsSync(path)) continue;
    const parsed = parseDriversHistory(readFileSync(path, 'utf8'), name);
    if (!parsed.ok) throw new UsageError(`bad rows in ${path}:\n${parsed.issues.map(formatDataIssue).join('\n')}`);
    drivers.push({ file: name, records: parsed.records });
  }
  if (drivers.length === 0) throw new UsageError(`no ${DRIVER_FILES.join(' or ')} next to ${files.turnover}: the oil price, rouble and crude volume at the origin come from it`);
  return {
    turnoverFile: basename(files.turnover),
    years,
    sectorSharesFile: files.sectorShares ? basename(files.sectorShares) : null,
    carShares: files.sectorShares ? parseCarShareObservations(readFileSync(files.sectorShares, 'utf8')) : [],
    drivers,
  };
}

/**
 * Problems with the re-based text, as `validate` would report them: it is written to a hidden
 * file beside the original (so that `extends` and data paths resolve as they will) and removed.
 */
function validateText(file: string, text: string): readonly ScenarioIssue[] {
  const probe = join(dirname(file), `.${basename(file)}.rebase-${process.pid}.tmp`);
  try {
    writeFileSync(probe, text);
    const loaded = resolveScenarioFile(probe);
    if (!loaded.ok) return loaded.issues;
    const prepared = prepareRun(loaded.resolved, { paths: 1 });
    return prepared.ok ? [] : prepared.issues;
  } finally {
    rmSync(probe, { force: true });
  }
}

/** The `extends:` of a file's text, if any (for the message about inherited fields). */
function scenarioExtends(text: string): string | null {
  return /^extends:\s*(\S+)/m.exec(text)?.[1] ?? null;
}
