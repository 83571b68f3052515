import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate } from '../../../src/analysis/calibration/calibrate.js';
import { calibrationOverlay } from '../../../src/analysis/calibration/calibrationOverlay.js';
import { studentTDraws, volatilityDraws } from '../../../src/analysis/calibration/estimationDraws.js';
import { prepareRun } from '../../../src/run/preparedRun.js';
import { resolveScenarioFile } from '../../../src/scenario/loadScenario.js';
import { nonFiniteNumbers, shipped } from '../../helpers.js';

const history = shipped('baseline').history;

describe('calibration on the shipped GACC history', () => {
  const result = calibrate(history);

  it('applies the data rules: 2012 a gap, 2015 left out (2014→2016 bridged), 2011 rounded but used, unstated splits gaps', () => {
    const turnover = result.series.turnover;
    expect(turnover.fit!.observations.map((o) => [o.from, o.to])).toContainEqual([2014, 2016]);
    expect(turnover.fit!.observations.map((o) => [o.from, o.to])).toContainEqual([2011, 2013]);
    expect(turnover.levels.find((l) => l.year === 2015)!.note).toMatch(/suspect/);
    const exports = result.series.exportsToChina.fit!.observations.map((o) => [o.from, o.to]);
    expect(exports).toContainEqual([2020, 2022]); // 2021's split is not stated
    expect(exports).toContainEqual([2022, 2024]); // nor 2023's exports
  });

  it('uses 2015 and the derived 2023 split only when asked', () => {
    const wider = calibrate(history, { includeSuspect: true, derivedSplits: true });
    expect(wider.series.turnover.fit!.observations.map((o) => o.to)).toContain(2015);
    expect(wider.series.exportsToChina.fit!.observations.map((o) => o.to)).toContain(2023);
    expect(wider.series.exportsToChina.levels.find((l) => l.year === 2023)!.note).toMatch(/derived/);
  });

  it('estimates drifts no better than a few points a year, with positive volatility', () => {
    for (const name of ['turnover', 'exportsToChina', 'importsFromChina'] as const) {
      const fit = result.series[name].fit!;
      expect(fit.drift.standardError!, name).toBeGreaterThan(0.03);
      expect(fit.drift.standardError!, name).toBeLessThan(0.08);
      expect(fit.volatility!.estimate, name).toBeGreaterThan(0.1);
      expect(fit.drift.high! - fit.drift.low!, `${name}: the 95% interval spans > 20 points a year`).toBeGreaterThan(0.2);
    }
  });

  it('finds the 2022 jump and the post-2022 drift shift not significant at 5% (σ ≈ 0.18–0.19 swamps them)', () => {
    for (const name of ['turnover', 'exportsToChina', 'importsFromChina'] as const) {
      const fit = result.series[name].fit!;
      const jump = fit.jump.coefficients.find((c) => c.name === 'jump 2022')!;
      expect(jump.estimate, name).toBeGreaterThan(0);
      expect(jump.pValue!, name).toBeGreaterThan(0.05);
      expect(fit.regime!.coefficients.at(-1)!.pValue!, name).toBeGreaterThan(0.05);
      expect(fit.drift.basis).toBe('common drift');
    }
  });

  it('fits the car path with few residual degrees of freedom and says how little it pins down', () => {
    const cars = result.cars!;
    const shareYears = Object.keys(history.carShareChina)
      .map(Number)
      .sort((a, b) => a - b);
    expect(shareYears).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(cars.years).toEqual(shareYears);
    // the base year's share is the starting point, not a residual; two parameters (λ, L*) are fitted
    expect(cars.degreesOfFreedom).toBe(shareYears.length - 1 - 2);
    expect(cars.adjustmentSpeed.standardError!).toBeGreaterThan(0);
    expect(cars.adjustmentSpeed.low!).toBeLessThan(0); // the 95% interval covers all of [0, 1]
    expect(cars.adjustmentSpeed.high!).toBeGreaterThan(1);
    const fromBreak = result.carsFromBreakYear!;
    expect(fromBreak.years).toEqual(shareYears.filter((y) => y >= 2022));
    expect(fromBreak.degreesOfFreedom).toBe(fromBreak.years.length - 1 - 2);
    expect(fromBreak.adjustmentSpeed.low!).toBeLessThan(0); // one residual degree of freedom: the interval covers [0, 1] too
    expect(fromBreak.adjustmentSpeed.high!).toBeGreaterThan(1);
  });

  it('puts no NaN or Infinity in the result (missing quantities are null)', () => {
    expect(nonFiniteNumbers(result)).toEqual([]);
    expect(nonFiniteNumbers(calibrate(history, { lastYear: 2014 }))).toEqual([]);
  });

  it('keeps to data up to `lastYear` (back-tests)', () => {
    const early = calibrate(history, { lastYear: 2018 });
    expect(early.series.turnover.fit!.observations.at(-1)!.to).toBe(2018);
    expect(early.series.turnover.fit!.jump.coefficients.map((c) => c.name)).toEqual(['drift']);
    expect(early.cars).toBeNull();
  });
});

describe('the calibration overlay', () => {
  const result = calibrate(history);
  const overlay = calibrationOverlay(result, { parent: 'baseline', command: 'tradecast calibrate (test)' });

  it('writes a scenario that validates and compiles', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tradecast-overlay-')), 'calibrated.yaml');
    writeFileSync(file, overlay.text);
    const loaded = resolveScenarioFile(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const prepared = prepareRun(loaded.resolved, { paths: 1 });
    expect(prepared.ok).toBe(true);
    expect(loaded.resolved.scenario.exports.nonEnergyGrowth.dist).toBe('empirical');
    expect(loaded.resolved.scenario.sectors.cars!.adjustmentSpeed.dist).toBe('empirical');
    expect(overlay.entries.map((e) => e.path)).toEqual(['exports.nonEnergyGrowth', 'imports.otherGoodsGrowth', 'demand.volatility', 'sectors.cars.adjustmentSpeed']);
  });

  it('centres each drift’s draws on its estimate with the spread of its standard error', () => {
    const drift = result.series.exportsToChina.fit!.drift;
    const values = overlay.entries[0]!.values;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeCloseTo(drift.estimate, 6); // symmetric quantiles
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(sd).toBeGreaterThan(drift.standardError!); // Student t with few degrees of freedom: wider than the SE
    for (const v of overlay.entries[3]!.values) expect(v >= 0 && v <= 1).toBe(true);
  });
});

describe('estimation draws', () => {
  it('spread a truncated t over the admissible range only', () => {
    const draws = studentTDraws(0.2, 0.3, 1, 99, 0, 1);
    expect(Math.min(...draws)).toBeGreaterThan(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });

  it('give volatility draws around σ̂ that are all positive', () => {
    const draws = volatilityDraws(0.2, 7, 99);
    const median = [...draws].sort((a, b) => a - b)[49]!;
    expect(Math.min(...draws)).toBeGreaterThan(0);
    expect(median).toBeGreaterThan(0.18); // σ̂·√(ν/χ²_ν median) ≈ 0.2·√(7/6.35)
    expect(median).toBeLessThan(0.23);
  });
});
