import { describe, expect, it } from 'vitest';
import { evaluateNowcast, type NowcastCase } from '../../../src/analysis/nowcast/evaluateNowcast.js';
import { NOWCAST_MONTHS } from '../../../src/scenario/nowcast/fitNowcast.js';
import { partialYearPanel } from '../../../src/scenario/nowcast/partialYearPanel.js';
import { NOWCAST_INTERVALS } from '../../../src/analysis/defaults.js';
import { createUniformStream } from '../../../src/analysis/uniformStream.js';
import { normalQuantile } from '../../../src/core/normalQuantile.js';
import type { PartialYearRecord } from '../../../src/scenario/parsePartialYear.js';
import { projectPanel, projectRecords, record, withYearChanged } from '../../scenario/nowcast/nowcastData.js';

const records = projectRecords();
const METHODS = ['constant-share', 'momentum'] as const;

const caseAt = (cases: readonly NowcastCase[], year: number, months: number) => cases.find((c) => c.year === year && c.months === months);

describe('leave-one-year-out evaluation', () => {
  it('leaves each year 2014–2025 out in turn and scores every partial period it has', () => {
    const panel = projectPanel();
    const evaluation = evaluateNowcast(panel, 'constant-share');
    const expected = panel.flatMap((y) => (y.fullYear ? NOWCAST_MONTHS.filter((m) => y.cumulative.has(m)).map((m) => `${y.year}/${m}`) : []));
    expect(evaluation.cases.map((c) => `${c.year}/${c.months}`)).toEqual(expected);
    expect(new Set(evaluation.cases.map((c) => c.year))).toEqual(new Set(Array.from({ length: 12 }, (_, i) => 2014 + i)));
    for (const c of evaluation.cases) {
      const entry = panel.find((y) => y.year === c.year)!;
      expect(c.fullYear).toBe(entry.fullYear!.value);
      expect(c.naiveError).toBeCloseTo((c.cumulative * 12) / c.months / c.fullYear - 1, 14);
      c.intervals.forEach((interval) => expect(interval.covered).toBe(c.fullYear >= interval.low && c.fullYear <= interval.high));
    }
    const summary = evaluation.byMonth.find((s) => s.months === 6)!;
    const sixes = evaluation.cases.filter((c) => c.months === 6);
    expect(summary.cases).toBe(sixes.length);
    expect(summary.coverage[0]!.observed).toBe(sixes.filter((c) => c.intervals[0]!.covered).length / sixes.length);
    expect(summary.meanAbsolutePercentageError).toBeCloseTo((100 * sixes.reduce((s, c) => s + Math.abs(c.error), 0)) / sixes.length, 12);
  });

  it.each(METHODS)('never uses the left-out year (%s): changing its full year and other months leaves its forecasts as they were', (method) => {
    const original = evaluateNowcast(partialYearPanel(records), method);
    for (const year of [2016, 2019, 2021, 2023, 2025]) {
      for (const months of [2, 4, 6, 9, 11]) {
        const before = caseAt(original.cases, year, months);
        if (!before) continue;
        // every figure of the year but the observation itself: the full year ×1.5, the other months ×0.7
        const changed = withYearChanged(records, year, (m, value) => (m === 12 ? value * 1.5 : m === months ? value : value * 0.7));
        const after = caseAt(evaluateNowcast(partialYearPanel(changed), method).cases, year, months)!;
        expect([after.median, after.intervals.map((i) => [i.low, i.high])], `${year}, ${months} months`).toEqual([before.median, before.intervals.map((i) => [i.low, i.high])]);
        expect(after.fullYear).not.toBe(before.fullYear); // the change reached the data: only the score moved
      }
    }
  });

  it('scales the constant-share forecast with the observation and nothing else of the year', () => {
    const original = evaluateNowcast(partialYearPanel(records), 'constant-share');
    const changed = evaluateNowcast(partialYearPanel(withYearChanged(records, 2022, (m, value) => (m === 5 ? value * 1.25 : value))), 'constant-share');
    const [before, after] = [caseAt(original.cases, 2022, 5)!, caseAt(changed.cases, 2022, 5)!];
    expect(after.median / before.median).toBeCloseTo(1.25, 12);
    // and other years' forecasts do use 2022: the same change moves them
    expect(caseAt(changed.cases, 2021, 5)!.median).not.toBe(caseAt(original.cases, 2021, 5)!.median);
  });
});

describe('coverage on synthetic data of known distribution', () => {
  it('is the nominal 80% and 90% within a few standard errors', { timeout: 120_000 }, () => {
    // r_{y,m} = ln(full year / cumulative) = α_m + σ_m ε, ε ~ N(0, 1) independent across years and months.
    // Leaving year y out, (r_y − mean_{−y}) / (s_{−y} √(1 + 1/n)) is exactly Student t with n − 1 df, so
    // each case is covered with probability exactly the nominal level p. Cases of one month share the
    // other years, so they are dependent; their mean over a month has variance at most p(1 − p) (as if
    // perfectly dependent), and months and replicates are independent: the overall coverage has a
    // standard error of at most √(p(1 − p) / (replicates × months)).
    const [replicates, years] = [1500, 12];
    const stream = createUniformStream(2030, 11);
    const covered = NOWCAST_INTERVALS.map(() => 0);
    let cases = 0;
    for (let replicate = 0; replicate < replicates; replicate++) {
      const synthetic: PartialYearRecord[] = [];
      for (let year = 2000; year < 2000 + years; year++) {
        const fullYear = 100 + 20 * stream.next();
        synthetic.push(record(year, 12, fullYear));
        for (const m of NOWCAST_MONTHS) {
          const logRatio = -Math.log(m / 12) + (0.08 / m) * normalQuantile(stream.next());
          synthetic.push(record(year, m, fullYear * Math.exp(-logRatio)));
        }
      }
      const evaluation = evaluateNowcast(partialYearPanel(synthetic), 'constant-share');
      for (const c of evaluation.cases) c.intervals.forEach((interval, i) => (covered[i]! += interval.covered ? 1 : 0));
      cases += evaluation.cases.length;
    }
    expect(cases).toBe(replicates * years * NOWCAST_MONTHS.length);
    NOWCAST_INTERVALS.forEach((level, i) => {
      const standardError = Math.sqrt((level * (1 - level)) / (replicates * NOWCAST_MONTHS.length));
      expect(Math.abs(covered[i]! / cases - level), `${level}`).toBeLessThan(4 * standardError);
    });
  });
});
