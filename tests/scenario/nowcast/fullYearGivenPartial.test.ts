import { describe, expect, it } from 'vitest';
import { fitNowcast, monthGap } from '../../../src/scenario/nowcast/fitNowcast.js';
import { fullYearGivenPartial, nowcastContext, nowcastInterval } from '../../../src/scenario/nowcast/fullYearGivenPartial.js';
import { studentTQuantile } from '../../../src/core/studentTQuantile.js';
import { projectPanel } from './nowcastData.js';

const panel = projectPanel();
const fit = fitNowcast(panel);

function nowcastOf(...args: Parameters<typeof fullYearGivenPartial>) {
  const outcome = fullYearGivenPartial(...args);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.nowcast;
}

describe('the full year given its first months', () => {
  it('is the cumulative divided by the mean share, with a Student t spread widened for the estimated mean', () => {
    const month = fit.months.find((m) => m.months === 4)!;
    const nowcast = nowcastOf(fit, 4, 85.2, {}, 'constant-share');
    const n = month.years.length;
    expect(nowcast).toMatchObject({ unit: 'US$ bn', months: 4, cumulative: 85.2, method: 'constant-share', degreesOfFreedom: n - 1 });
    expect(nowcast.median).toBeCloseTo(85.2 * Math.exp(month.meanLogRatio), 10);
    expect(nowcast.logScale).toBeCloseTo(month.sdLogRatio * Math.sqrt(1 + 1 / n), 14);
    for (const q of nowcast.quantiles) expect(q.value).toBeCloseTo(nowcast.median * Math.exp(nowcast.logScale * studentTQuantile(q.probability, n - 1)), 10);
    const values = nowcast.quantiles.map((q) => q.value);
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i]!));
    expect(nowcast.sdLog).toBeCloseTo(nowcast.logScale * Math.sqrt((n - 1) / (n - 3)), 14);
    const eighty = nowcastInterval(nowcast, 0.8);
    expect([eighty.low, eighty.high]).toEqual(
      [nowcast.quantiles.find((q) => q.probability === 0.1)!.value, nowcast.quantiles.find((q) => q.probability === 0.9)!.value].map((v) => expect.closeTo(v, 9)),
    );
  });

  it('moves with momentum when the year before is in the data, and says which model it used', () => {
    const context = nowcastContext(panel, 2026, 4);
    expect(context).toEqual({
      previousYearCumulative: panel.find((y) => y.year === 2025)!.cumulative.get(4)!.value,
      previousFullYear: panel.find((y) => y.year === 2025)!.fullYear!.value,
      yearBeforeFullYear: panel.find((y) => y.year === 2024)!.fullYear!.value,
    });
    const nowcast = nowcastOf(fit, 4, 85.2, context, 'momentum');
    const at = fit.months.find((m) => m.months === 4)!.momentum!;
    const a = Math.log(85.2 / context.previousYearCumulative!) - Math.log(context.previousFullYear! / context.yearBeforeFullYear!);
    expect(nowcast.method).toBe('momentum');
    expect(nowcast.momentum).toBeCloseTo(a, 12);
    expect(nowcast.logRatio).toBeCloseTo(at.intercept + fit.momentum!.slope.estimate * monthGap(4) * a, 12);
    expect(nowcast.degreesOfFreedom).toBe(at.years.length - 2);
    // without the year before (no January–February 2025 in the data) it falls back, and says so
    const fallback = nowcastOf(fit, 2, 30, nowcastContext(panel, 2026, 2), 'momentum');
    expect(fallback.method).toBe('constant-share');
    expect(fallback.basis).toMatch(/no momentum/);
  });

  it('refuses months outside 2–11, a cumulative that is not a positive number, and a period without enough years', () => {
    expect(fullYearGivenPartial(fit, 12, 100)).toEqual({ ok: false, message: 'months: expected a whole number from 2 to 11, got 12' });
    expect(fullYearGivenPartial(fit, 4, -5)).toEqual({ ok: false, message: 'cumulative: expected a positive number of US$ bn, got -5' });
    expect(fullYearGivenPartial({ ...fit, months: fit.months.filter((m) => m.months !== 5) }, 5, 90)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^months: the data hold too few years/),
    });
  });
});
