import { describe, expect, it } from 'vitest';
import { fitNowcast, momentumOf, monthGap, NOWCAST_MONTHS, previousYears } from '../../../src/scenario/nowcast/fitNowcast.js';
import { partialYearPanel } from '../../../src/scenario/nowcast/partialYearPanel.js';
import { createUniformStream } from '../../../src/analysis/uniformStream.js';
import { normalQuantile } from '../../../src/core/normalQuantile.js';
import { projectPanel, projectRecords, record, withYearChanged } from './nowcastData.js';

const records = projectRecords();
const panel = projectPanel();
const fit = fitNowcast(panel);

describe('the share of the year each partial period carries', () => {
  it('is computed from the years that hold both figures, DERIVED rows counted apart', () => {
    for (const month of fit.months) {
      const years = panel.filter((y) => y.fullYear && y.cumulative.has(month.months));
      expect(month.years).toEqual(years.map((y) => y.year));
      const shares = years.map((y) => y.cumulative.get(month.months)!.value / y.fullYear!.value);
      expect(month.share.mean).toBeCloseTo(shares.reduce((a, b) => a + b, 0) / shares.length, 12);
      expect(month.share.low).toBe(Math.min(...shares));
      const derived = years.filter((y) => y.cumulative.get(month.months)!.kind === 'derived' || y.fullYear!.kind === 'derived');
      expect(month.derivedYears).toBe(derived.length);
      const logRatios = shares.map((s) => -Math.log(s));
      expect(month.meanLogRatio).toBeCloseTo(logRatios.reduce((a, b) => a + b, 0) / logRatios.length, 12);
    }
    // about ten years behind each period: the honest size of this evidence
    expect(fit.months.map((m) => m.years.length).every((n) => n >= 8 && n <= 12)).toBe(true);
    expect(fit.months.map((m) => m.months)).toEqual([...NOWCAST_MONTHS]);
  });

  it('rises with the months covered, and its spread narrows toward the year’s end', () => {
    const means = fit.months.map((m) => m.share.mean);
    means.slice(1).forEach((share, i) => expect(share).toBeGreaterThan(means[i]!));
    expect(fit.months.at(-1)!.sdLogRatio).toBeLessThan(fit.months[0]!.sdLogRatio / 4);
  });

  it('never reads a Russian-side (ALTERNATIVE) row, and leaves DERIVED rows out when asked', () => {
    const alternative = records.filter((r) => r.kind === 'alternative');
    expect(alternative.length).toBeGreaterThan(0);
    const withoutAlternative = fitNowcast(partialYearPanel(records.filter((r) => r.kind !== 'alternative')));
    expect(withoutAlternative).toEqual(fit);
    // a wild Russian-side figure for a year changes nothing
    expect(fitNowcast(partialYearPanel([...records, record(2020, 6, 999, 'alternative')]))).toEqual(fit);
    const primary = fitNowcast(partialYearPanel(records, { primaryOnly: true }));
    expect(primary.months.every((m) => m.derivedYears === 0)).toBe(true);
    expect(primary.months.reduce((s, m) => s + m.years.length, 0)).toBeLessThan(fit.months.reduce((s, m) => s + m.years.length, 0));
  });
});

describe('the momentum slope', () => {
  it('reads the acceleration: the partial period’s growth over a year earlier minus the previous year’s growth', () => {
    const y2025 = panel.find((y) => y.year === 2025)!;
    const [y2024, y2023] = [panel.find((y) => y.year === 2024)!, panel.find((y) => y.year === 2023)!];
    const c = y2025.cumulative.get(6)!.value;
    const expected = Math.log(c / y2024.cumulative.get(6)!.value) - Math.log(y2024.fullYear!.value / y2023.fullYear!.value);
    expect(momentumOf('acceleration', c, previousYears(panel, 2025, 6))).toBeCloseTo(expected, 12);
    expect(momentumOf('acceleration', c, previousYears(panel, 2025, 6, 2023))).toBeNull(); // 2023 left out: no regressor
    expect(monthGap(2)).toBe(5);
    expect(monthGap(11)).toBe(0.5);
  });

  it('has the sign years that accelerate imply (lower shares early), with a cluster-robust standard error', () => {
    const momentum = fit.momentum!;
    expect(momentum.regressor).toBe('acceleration');
    expect(momentum.slope.estimate).toBeGreaterThan(0);
    expect(momentum.slope.standardError!).toBeGreaterThan(momentum.modelStandardError); // the months of a year share its surprises
    expect(momentum.years).toBeLessThanOrEqual(12);
  });

  it('recovers a known slope from synthetic data within a few of its standard errors', () => {
    // r = α_m + β·g_m·a + σ·ε with a known β, 30 years; a = ln(c / c_prev) − g_prev depends on c = FY·e^{−r}
    // itself: with A = ln(FY / c_prev) − g_prev, a = A − r, so r = (α_m + β g_m A + σ ε) / (1 + β g_m)
    const [beta, sigma] = [0.05, 0.01];
    const stream = createUniformStream(7, 1);
    const normal = () => normalQuantile(stream.next());
    const fullYears = new Map<number, number>();
    for (let year = 1990; year < 2020; year++) fullYears.set(year, 100 * Math.exp(0.3 * (stream.next() - 0.5) + (year - 1990) * 0.05));
    const synthetic = [...fullYears].map(([year, value]) => record(year, 12, value));
    for (let year = 1990; year < 2020; year++) {
      const fullYear = fullYears.get(year)!;
      const previousGrowth = year >= 1992 ? Math.log(fullYears.get(year - 1)! / fullYears.get(year - 2)!) : 0;
      for (const m of NOWCAST_MONTHS) {
        const alpha = -Math.log(m / 12);
        const previous = synthetic.find((r) => r.year === year - 1 && r.months === m)?.turnover;
        const push = previous === undefined ? 0 : beta * monthGap(m);
        const pull = previous === undefined ? 0 : Math.log(fullYear / previous) - previousGrowth;
        const r = (alpha + push * pull + sigma * normal()) / (1 + push);
        synthetic.push(record(year, m, fullYear * Math.exp(-r)));
      }
    }
    const estimate = fitNowcast(partialYearPanel(synthetic)).momentum!;
    expect(estimate.years).toBe(28);
    expect(Math.abs(estimate.slope.estimate - beta)).toBeLessThan(4 * estimate.slope.standardError!);
    expect(estimate.slope.standardError!).toBeLessThan(beta / 4); // and it is estimated, not swamped
  });
});

describe('leaving a year out', () => {
  it('reads nothing of that year: any change to its figures leaves the fit as it was', () => {
    for (const year of [2016, 2020, 2023, 2025]) {
      const held = fitNowcast(panel, year);
      const changed = fitNowcast(partialYearPanel(withYearChanged(records, year, (months, value) => value * (months === 12 ? 1.7 : 0.6))), year);
      expect(changed, `${year}`).toEqual(held);
      expect(fitNowcast(partialYearPanel(withYearChanged(records, year, (_, value) => value * 1.7)))).not.toEqual(fit); // the change is real
    }
  });
});
