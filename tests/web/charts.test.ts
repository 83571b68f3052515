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

  it('gives each band in the tooltip as its range with the unit, rounded to 0.1, and the median as one value', async () => {
    const label = config.options!.plugins!.tooltip!.callbacks!.label as (item: unknown) => string;
    const last = years.length - 1;
    const item = (text: string) => {
      const datasetIndex = config.data.datasets.findIndex((d) => d.label?.startsWith(text));
      const dataset = config.data.datasets[datasetIndex]!;
      return { chart: { data: config.data }, dataset, datasetIndex, dataIndex: last, parsed: { y: dataset.data[last] } };
    };
    const turnover = baseline.series.turnover!;
    const y = turnover.p50.length - 1;
    expect(label(item('5–95% band'))).toBe(`5–95% band: ${turnover.p5[y]!.toFixed(1)}–${turnover.p95[y]!.toFixed(1)} US$ bn`);
    expect(label(item('25–75% band'))).toBe(`25–75% band: ${turnover.p25[y]!.toFixed(1)}–${turnover.p75[y]!.toFixed(1)} US$ bn`);
    expect(label(item('Median'))).toBe(`Median (${baseline.name}): ${turnover.p50[y]!.toFixed(1)} US$ bn`);
    // the bands' lower edges are not lines of their own in the tooltip
    const filter = config.options!.plugins!.tooltip!.filter as (item: { dataset: { label?: string } }) => boolean;
    expect(filter({ dataset: { label: '5th percentile' } })).toBe(false);
  });

  it('overlays a pinned projection for comparison', async () => {
    const escalation = await run('escalation');
    const compared = fanChartConfig(baseline, 'exportsToChina', { pinned: { result: escalation, label: 'escalation' } });
    expect(compared.data.datasets).toHaveLength(config.data.datasets.length + 3);
    expect(labelOf(compared, 'Pinned median').data.slice(-escalation.years.length)).toEqual(escalation.series.exportsToChina!.p50);
  });
});

describe('share chart config', () => {
  it('plots every supplier’s median share in percent (the statistic the fan chart and the CLI quote), China’s band, and the car-share history', async () => {
    expect(sectorsOf(baseline)).toEqual(['cars', 'machinery', 'electronics', 'chemicals', 'otherGoods']);
    const config = shareChartConfig(baseline, 'cars', 'passenger cars');
    const years = config.data.labels as number[];
    for (const supplier of ['China', 'West', 'Domestic', 'Other']) {
      const median = labelOf(config, `${supplier} (median)`).data.slice(years.indexOf(origin + 1));
      const key = `share.cars.${supplier.toLowerCase()}`;
      median.forEach((v, y) => expect(v).toBeCloseTo(100 * baseline.series[key]!.p50[y]!, 10));
    }
    expect(config.data.datasets.some((d) => d.label?.includes('mean'))).toBe(false);
    expect(config.options?.plugins?.title).toMatchObject({ text: expect.stringContaining('median shares') });
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

describe('how numbers are written with their units', async () => {
  const { displayUnit, formatChange, formatLevel, formatRange, formatStandardError } = await import('../../web/src/charts/displayUnits.js');
  it('writes money in US$ bn, shares and probabilities in percent, changes in pp, negatives with a minus sign', () => {
    expect(formatLevel(235.0782, displayUnit('USD bn'))).toBe('235.1 US$ bn');
    expect(formatChange(-6.9333, displayUnit('USD bn'))).toBe('−6.93 US$ bn');
    expect(formatChange(0.0004, displayUnit('USD bn'))).toBe('0.00 US$ bn');
    expect(formatStandardError(0.0907, displayUnit('USD bn'))).toBe('± 0.09 US$ bn');
    expect(formatLevel(0.4193, displayUnit('fraction'))).toBe('41.9%');
    expect(formatChange(-0.05875, displayUnit('probability'))).toBe('−5.9 pp');
    expect(formatRange(159.31, 361.24, displayUnit('USD bn'))).toBe('159.3–361.2 US$ bn');
    expect(formatRange(-12.34, 4.5, displayUnit('USD bn'))).toBe('−12.3 to +4.5 US$ bn');
    expect(formatRange(228.104, 228.1, displayUnit('USD bn'))).toBe('228.1 US$ bn');
  });
});

describe('waterfall chart config (the attribution of a difference)', async () => {
  const { compareScenarios } = await import('../../src/analysis/compare.js');
  const { waterfallChartConfig, wrapLabel } = await import('../../web/src/charts/waterfallChart.js');
  const compared = await compareScenarios(
    [{ resolved: shipped('baseline') }, { resolved: shipped('baseline', { oilLongRun: 55, westernWedge: 0.5 }) }],
    { paths: 1_000, seed: 7, explain: {} },
    onCallingThread,
  );
  if (!compared.ok) throw new Error('compare failed');
  const explain = compared.result.explain!;
  const config = waterfallChartConfig(explain, { reference: 'A', value: 'B', part: (part) => part.input });
  const bars = config.data.datasets[0]!.data as [number, number][];
  const errors = config.data.datasets[1]!.data as ([number, number] | null)[];

  it('floats one bar per input from the running total to the running total plus its part, between A and B', () => {
    expect(explain.parts.map((p) => p.input).sort()).toEqual(['knobs.oilLongRun', 'knobs.westernWedge']);
    expect(config.data.labels).toEqual([['A'], ...explain.parts.map((p) => [p.input]), ['B']]);
    expect(bars).toHaveLength(explain.parts.length + 2);
    expect(bars[0]![1]).toBe(explain.reference);
    expect(bars.at(-1)![1]).toBe(explain.value);
    let running = explain.reference;
    explain.parts.forEach((part, i) => {
      expect(bars[i + 1]).toEqual([running, running + part.contribution]);
      running += part.contribution;
    });
    // the parts reach B: Shapley's efficiency, up to rounding
    expect(running).toBeCloseTo(explain.value, 9);
  });

  it('puts a ± 1 standard error bar at the end of each part, and none on A and B', () => {
    expect(errors[0]).toBeNull();
    expect(errors.at(-1)).toBeNull();
    explain.parts.forEach((part, i) => {
      const end = bars[i + 1]![1];
      expect(errors[i + 1]).toEqual([end - part.standardError!, end + part.standardError!]);
    });
  });

  it('says the unit, and that the axis does not start at zero, and words the tooltips with units', () => {
    const x = config.options!.scales!.x as { min: number; title: { text: string } };
    expect(x.title.text).toBe('Median, US$ bn (axis not from zero)');
    expect(x.min).toBeGreaterThan(0);
    expect(x.min).toBeLessThan(Math.min(...bars.flat().filter((v) => v > x.min)));
    const label = config.options!.plugins!.tooltip!.callbacks!.label as (item: { dataIndex: number }) => string[];
    expect(label({ dataIndex: 0 })).toEqual([`A: ${explain.reference.toFixed(1)} US$ bn`]);
    expect(label({ dataIndex: 1 })[0]).toMatch(/^[+−]\d+\.\d\d US\$ bn ± \d+\.\d\d US\$ bn \(Monte Carlo s\.e\.\)$/);
    expect(label({ dataIndex: bars.length - 1 })[1]).toMatch(/^total change [+−]\d+\.\d\d US\$ bn$/);
  });

  it('shows a probability in percent and its parts in percentage points', async () => {
    const probability = await compareScenarios(
      [{ resolved: shipped('baseline') }, { resolved: shipped('baseline', { oilLongRun: 55 }) }],
      { paths: 1_000, seed: 7, explain: { output: { kind: 'target', id: 'turnover-300bn-2030' } } },
      onCallingThread,
    );
    if (!probability.ok) throw new Error('compare failed');
    const result = probability.result.explain!;
    const chart = waterfallChartConfig(result, { reference: 'A', value: 'B', part: (part) => part.input });
    expect((chart.data.datasets[0]!.data[0] as [number, number])[1]).toBeCloseTo(100 * result.reference, 12);
    expect((chart.options!.scales!.x as { title: { text: string } }).title.text).toMatch(/^Probability, %/);
    const label = chart.options!.plugins!.tooltip!.callbacks!.label as (item: { dataIndex: number }) => string[];
    expect(label({ dataIndex: 1 })[0]).toMatch(/ pp/);
  });

  it('rounds the value axis to steps of 1, 2 or 5 × a power of ten, beyond every bar', async () => {
    const { niceStep } = await import('../../web/src/charts/waterfallChart.js');
    expect([niceStep(45), niceStep(7), niceStep(0.9), niceStep(1000)]).toEqual([10, 2, 0.2, 200]);
    const x = config.options!.scales!.x as { min: number; max: number };
    const ends = [explain.reference, explain.value, ...bars.slice(1, -1).flat(), ...errors.flatMap((e) => e ?? [])];
    const step = niceStep(Math.max(...ends) - Math.min(...ends));
    for (const bound of [x.min, x.max]) expect(Math.abs(bound / step - Math.round(bound / step))).toBeLessThan(1e-9);
    expect(x.min).toBeLessThan(Math.min(...ends));
    expect(x.max).toBeGreaterThan(Math.max(...ends));
  });

  it('wraps long input names onto lines of about 30 characters', () => {
    expect(wrapLabel('Long-run oil price, 70 → 55 US$/bbl')).toEqual(['Long-run oil price, 70 → 55', 'US$/bbl']);
  });
});
