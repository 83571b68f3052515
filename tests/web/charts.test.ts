import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/run/simulationResult.js';
import { fanChartConfig } from '../../web/src/charts/fanChart.js';
import { regimeChartConfig } from '../../web/src/charts/regimeChart.js';
import { sectorsOf, shareChartConfig } from '../../web/src/charts/shareChart.js';
import { onCallingThread, resultOf, shipped } from '../helpers.js';

const run = (id: string, seed = 1): Promise<SimulationResult> => resultOf(shipped(id), { paths: 400, seed });

const baseline = await run('baseline');
const origin = baseline.origin;
/** A year's value in the result's history block. */
const historyAt = (key: 'turnover' | 'share.cars.china', year: number) => baseline.history[key][baseline.history.years.indexOf(year)];
type Dataset = { label?: string; data: (number | null)[]; fill?: unknown };
const labelOf = (config: { data: { datasets: unknown[] } }, text: string) => (config.data.datasets as Dataset[]).find((d) => d.label?.startsWith(text))!;

describe('fan chart config (a pure function of a result)', () => {
  const config = fanChartConfig(baseline, 'turnover');
  const years = config.data.labels as number[];

  it('spans the history and the projection on one year axis, with units on both axes', async () => {
    expect(years[0]).toBe(2010);
    expect(years.at(-1)).toBe(2030);
    expect(config.options?.scales?.x?.title).toMatchObject({ display: true, text: 'Year' });
    expect((config.options?.scales?.y?.title as { text: string }).text).toContain('US$ bn');
  });

  it('draws the history as a line that keeps the 2012 gap and runs to the origin, the newest year of data (2025)', async () => {
    const history = labelOf(config, 'History').data;
    expect(origin).toBe(2025);
    expect(baseline.history.years.at(-1)).toBe(origin);
    expect(history[years.indexOf(2012)]).toBeNull();
    for (const year of [2024, 2025]) {
      expect(history[years.indexOf(year)], `${year}`).toBe(historyAt('turnover', year));
      expect(history[years.indexOf(year)], `${year}`).not.toBeNull();
    }
    expect(history[years.indexOf(origin + 1)]).toBeNull();
  });

  it('shades 5–95 and 25–75 bands and draws the median, opening from the last data point', async () => {
    const median = labelOf(config, 'Median').data;
    expect(median[years.indexOf(origin - 1)]).toBeNull();
    expect(median[years.indexOf(origin)]).toBe(historyAt('turnover', origin));
    expect(median.slice(years.indexOf(origin + 1))).toEqual(baseline.series.turnover!.p50);
    expect(labelOf(config, '5–95% band')).toMatchObject({ fill: '-1' });
    expect(labelOf(config, '25–75% band')).toMatchObject({ fill: '-1' });
    expect(labelOf(config, '5–95% band').data.slice(-baseline.years.length)).toEqual(baseline.series.turnover!.p95);
    // the helper lower edges are hidden from the legend
    const filter = config.options?.plugins?.legend?.labels?.filter as (item: { text: string }) => boolean;
    expect(filter({ text: '5th percentile' })).toBe(false);
    expect(filter({ text: '5–95% band' })).toBe(true);
  });

  it('overlays a pinned projection for comparison', async () => {
    const escalation = await run('escalation');
    const compared = fanChartConfig(baseline, 'exportsToChina', { pinned: { result: escalation, label: 'escalation' } });
    expect(compared.data.datasets).toHaveLength(config.data.datasets.length + 3);
    expect(labelOf(compared, 'Pinned median').data.slice(-escalation.years.length)).toEqual(escalation.series.exportsToChina!.p50);
  });
});

describe('share chart config', () => {
  it('plots every supplier’s mean share in percent, China’s band, and the car-share history', async () => {
    expect(sectorsOf(baseline)).toEqual(['cars', 'machinery', 'electronics', 'chemicals', 'otherGoods']);
    const config = shareChartConfig(baseline, 'cars', 'passenger cars');
    const years = config.data.labels as number[];
    for (const supplier of ['China', 'West', 'Domestic', 'Other']) {
      const mean = labelOf(config, `${supplier} (mean)`).data.slice(years.indexOf(origin + 1));
      const key = `share.cars.${supplier.toLowerCase()}`;
      mean.forEach((v, y) => expect(v).toBeCloseTo(100 * baseline.series[key]!.mean[y]!, 10));
    }
    const history = labelOf(config, 'China, history').data;
    for (const year of [2021, 2024, 2025]) expect(history[years.indexOf(year)], `${year}`).toBeCloseTo(100 * historyAt('share.cars.china', year)!, 10);
    expect(history[years.indexOf(2025)]).toBeCloseTo(51.7, 10);
    expect(config.options?.scales?.y).toMatchObject({ min: 0, max: 100 });
    expect((config.options?.scales?.y?.title as { text: string }).text).toContain('%');
  });

  it('leaves out the history line for a sector without data', async () => {
    const config = shareChartConfig(baseline, 'machinery');
    expect(config.data.datasets.some((d) => d.label === 'China, history')).toBe(false);
  });
});

describe('regime chart config', () => {
  it('stacks the regime probabilities to 100% each year', async () => {
    const config = regimeChartConfig(baseline);
    expect(config.data.datasets.map((d) => d.label)).toEqual(baseline.regimes.names);
    baseline.years.forEach((_, y) => {
      const total = config.data.datasets.reduce((sum, d) => sum + (d.data[y] as number), 0);
      expect(total).toBeCloseTo(100, 9);
    });
    expect(config.options?.scales?.y).toMatchObject({ stacked: true, max: 100 });
  });
});

describe('paired difference chart config', () => {
  it('draws current − pinned bands, the mean and a zero line, with units', async () => {
    const { compareScenarios } = await import('../../src/analysis/compare.js');
    const { differenceChartConfig } = await import('../../web/src/charts/differenceChart.js');
    const outcome = await compareScenarios([{ resolved: shipped('baseline') }, { resolved: shipped('escalation') }], { paths: 400, seed: 3 }, onCallingThread);
    if (!outcome.ok) throw new Error('compare failed');
    const difference = outcome.result.comparisons[0]!.series.turnover!;
    const config = differenceChartConfig(outcome.result.years, difference, 'turnover', { current: 'escalation', pinned: 'baseline' });
    expect(labelOf(config, 'Mean difference').data).toEqual(difference.mean);
    expect(labelOf(config, '5–95% of paths')).toMatchObject({ fill: '-1', data: difference.p95 });
    expect(labelOf(config, 'No difference').data.every((v) => v === 0)).toBe(true);
    expect((config.options?.scales?.y?.title as { text: string }).text).toContain('US$ bn');
    expect(config.options?.plugins?.title).toMatchObject({ text: expect.stringContaining('minus pinned baseline') });
  });
});

describe('tornado chart config', () => {
  it('ranks factors largest first with total and first-order Sobol indices on a 0–1 axis', async () => {
    const { analyseSensitivity } = await import('../../src/analysis/sensitivity/sensitivity.js');
    const { tornadoChartConfig } = await import('../../web/src/charts/tornadoChart.js');
    const outcome = await analyseSensitivity(shipped('baseline'), { method: 'sobol', output: { kind: 'series', series: 'oilPrice', year: 2027 }, samples: 64, resamples: 50 }, onCallingThread);
    if (!outcome.ok) throw new Error('sensitivity failed');
    const config = tornadoChartConfig(outcome.result, 5);
    expect(config.data.labels).toEqual(outcome.result.factors.slice(0, 5).map((f) => f.name));
    const total = config.data.datasets[0]!.data as number[];
    expect(total).toEqual(outcome.result.factors.slice(0, 5).map((f) => f.totalOrder!.estimate));
    expect(config.options?.indexAxis).toBe('y');
    expect(config.options?.scales?.x).toMatchObject({ min: 0, max: 1 });
    expect((config.options?.scales?.x?.title as { text: string }).text).toContain('variance');
  });
});
