import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { evaluateNowcast } from '../../analysis/nowcast/evaluateNowcast.js';
import { fitNowcast, MOMENTUM_REGRESSORS } from '../../scenario/nowcast/fitNowcast.js';
import { fullYearGivenPartial, nowcastContext, type NowcastMethod } from '../../scenario/nowcast/fullYearGivenPartial.js';
import { partialYearPanel } from '../../scenario/nowcast/partialYearPanel.js';
import { formatDataIssue } from '../../scenario/dataIssue.js';
import { parsePartialYear } from '../../scenario/parsePartialYear.js';
import { shippedScenariosDir } from '../../scenario/projectPaths.js';
import { EXIT_OK, UsageError, choiceOption, integerOption, parseCommandArgs, type Command } from '../command.js';
import { formatNowcast, formatNowcastEvaluation, formatNowcastFit } from '../formatNowcast.js';

const METHODS = ['constant-share', 'momentum'] as const satisfies readonly NowcastMethod[];

export const nowcastCommand: Command = {
  name: 'nowcast',
  summary: 'the full year’s turnover from its first months (US$ bn), and how well that has worked',
  help: `Usage: tradecast nowcast [--months M --cumulative X [--year Y]] [--evaluate] [options]

From partial_year.csv (cumulative GACC turnover January–February … January–November, with the
full years; ALTERNATIVE Russian-side rows never read), the share of the full year the first m
months carry and how it varies across years; with --months and --cumulative, the predictive
distribution of the full year (US$ bn): median and percentiles of a Student t in logs.
  --method constant-share  (default) the full year is cumulative / share, the share's spread
                           across years (and the uncertainty of its mean) as a t
  --method momentum        the share moved by the year's acceleration (growth of the partial
                           period over a year earlier minus last year's growth), a slope pooled
                           over m; falls back to constant-share without the previous years' figures
With --evaluate, each year 2014–2025 is left out in turn and nowcast from each of its partial
periods by a fit without any of its figures: coverage of the 80% and 90% intervals and the mean
absolute percentage error of the median against naive m/12 scaling, by m (docs/nowcast.md).

Options:
  --months M         months covered by the observation, 2 (Jan–Feb) to 11 (Jan–Nov)
  --cumulative X     the observed cumulative turnover, US$ bn
  --year Y           the year observed (default: the year after the newest full year in the data);
                     the momentum model reads the year before it from the data
  --evaluate         the leave-one-year-out table (both methods unless --method)
  --method NAME      constant-share (default) or momentum
  --primary-only     leave out DERIVED rows (computed, not published)
  --data FILE        the partial-year CSV (default: the project's scenarios/data/partial_year.csv)
  --format F         table (default) or json
  -h, --help         this help

Examples:
  tradecast nowcast --months 4 --cumulative 85.2       # Jan–Apr 2026 = 85.2 US$ bn
  tradecast nowcast --evaluate`,
  run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      months: { type: 'string' },
      cumulative: { type: 'string' },
      year: { type: 'string' },
      evaluate: { type: 'boolean', default: false },
      method: { type: 'string' },
      'primary-only': { type: 'boolean', default: false },
      data: { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; the observation is given with --months and --cumulative`);
    const format = choiceOption(values.format, 'format', ['table', 'json'] as const, 'table');
    const method = choiceOption(values.method, 'method', METHODS, 'constant-share');
    const months = integerOption(values.months, 'months', 2, 11);
    const cumulative = values.cumulative === undefined ? undefined : Number(values.cumulative);
    if (cumulative !== undefined && !(Number.isFinite(cumulative) && cumulative > 0)) throw new UsageError(`--cumulative: expected a positive number of US$ bn, got "${values.cumulative}"`);
    if ((months === undefined) !== (cumulative === undefined))
      throw new UsageError(months === undefined ? '--months: give the months the --cumulative figure covers (2–11)' : '--cumulative: give the cumulative turnover, US$ bn, for the --months');

    const file = values.data ?? join(shippedScenariosDir(), 'data', 'partial_year.csv');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--data: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const parsed = parsePartialYear(text, file);
    if (!parsed.ok) throw new UsageError(`bad rows in ${file}:\n${parsed.issues.map(formatDataIssue).join('\n')}`);
    const panel = partialYearPanel(parsed.records, { primaryOnly: values['primary-only'] });
    const newestFullYear = Math.max(...panel.filter((y) => y.fullYear !== null).map((y) => y.year));
    const year = integerOption(values.year, 'year', 1990, 2100) ?? newestFullYear + 1;
    const fit = fitNowcast(panel);
    const comparisons = MOMENTUM_REGRESSORS.map((regressor) => fitNowcast(panel, null, regressor).momentum).filter((m) => m !== null);

    let nowcast = null;
    if (months !== undefined && cumulative !== undefined) {
      const outcome = fullYearGivenPartial(fit, months, cumulative, nowcastContext(panel, year, months), method);
      if (!outcome.ok) throw new UsageError(`--${outcome.message}`);
      nowcast = outcome.nowcast;
    }
    const evaluations = values.evaluate ? (values.method === undefined ? METHODS : [method]).map((m) => evaluateNowcast(panel, m)) : [];

    if (format === 'json') {
      io.stdout.write(
        JSON.stringify({ kind: 'nowcast', data: file, primaryOnly: values['primary-only'], unit: 'US$ bn', fit, momentumRegressors: comparisons, ...(nowcast ? { year, nowcast } : {}), evaluations }) +
          '\n',
      );
      return EXIT_OK;
    }
    const shown = relative(process.cwd(), file);
    const source = `${shown.startsWith('..') || isAbsolute(shown) ? file : shown}${values['primary-only'] ? ', DERIVED rows left out' : ', DERIVED rows used'}`;
    const parts = [nowcast ? formatNowcast(nowcast, year) : formatNowcastFit(fit, comparisons, source), ...evaluations.map(formatNowcastEvaluation)];
    if (evaluations.length > 0)
      parts.push('Coverage in brackets: the 95% range of a calibrated interval’s hit rate over that many independent cases (cases of one year are not independent: a guide, not a test).\n');
    io.stdout.write(parts.join('\n'));
    return EXIT_OK;
  },
};
