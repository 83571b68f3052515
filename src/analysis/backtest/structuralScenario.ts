import { BARRELS_PER_TONNE } from '../../core/defaults.js';
import { exp } from '../../core/exp.js';
import { log } from '../../core/log.js';
import { log1p } from '../../core/log1p.js';
import { choleskyFactor } from '../../core/choleskyFactor.js';
import { SHOCK_COUNT, SUPPLIERS, type Supplier } from '../../core/modelPlan.js';
import type { History } from '../../scenario/history.js';
import type { ResolvedScenario } from '../../scenario/loadScenario.js';
import type { DistributionInput, Observation, Scenario } from '../../scenario/scenarioSchema.js';
import { combineWithPrior, volatilityPosterior, type DriverEstimateOptions, type DriverEstimates, type VolatilityEstimate } from '../calibration/driverEstimates.js';
import { realizedDrivers } from '../calibration/realizedDrivers.js';
import {
  BACKTEST_CAR_MARKET_PER_IMPORTS,
  BACKTEST_ELASTICITY_PRIOR,
  BACKTEST_GROWTH_PRIOR,
  BACKTEST_OIL_LONG_RUN_SIGMA,
  BACKTEST_VOLATILITY_PRIOR,
  BACKTEST_VOLATILITY_PRIOR_DOF,
  BREAK_YEAR,
} from '../defaults.js';
import { centreOf } from '../rebase/rebaseScenario.js';
import type { OriginState } from './originState.js';

/** Ex ante: the drivers simulated from the origin; ex post: pinned to what happened. */
export const BACKTEST_MODES = ['exAnte', 'exPost'] as const;
export type BacktestMode = (typeof BACKTEST_MODES)[number];

export interface StructuralOrigin {
  /** the scenario restarted at the origin, with a history whose origin year holds the split used */
  readonly resolved: ResolvedScenario;
  /** `reduced` (no sectors: all imports are other imports) or `cars` (the cars sector alone) */
  readonly form: 'reduced' | 'cars';
  /** how the model was set up at this origin, for the result's notes */
  readonly notes: readonly string[];
}

const CARS = 'cars';
const source = (text: string) => `back-test: ${text}`;
const normal = (mean: number, sd: number, basis: string): DistributionInput => ({ dist: 'normal', mean, sd, source: source(basis) });
const fixed = (value: number, basis: string): DistributionInput => ({ dist: 'fixed', value, source: source(basis) });

/**
 * The scenario under test restarted at a past origin (docs/model-card.md, "Back-test protocol"):
 * the origin's levels and drivers from the data of that year, the scenario's structure and its
 * assumption-based priors, its data-based parameters re-estimated from data up to the origin
 * (`estimates`) and combined with the protocol's weak priors. Sectors: none where the data state
 * no car share at the origin (a reduced origin), else the cars sector alone, its wedges
 * re-calibrated so that the regime in force holds the origin's shares. Ex post, every projected
 * year up to the last year of data pins the oil price, RUB/CNY, the crude volume and the regime
 * to what happened (`observe:`); ex ante, nothing is pinned.
 */
export function structuralOrigin(
  resolved: ResolvedScenario,
  state: OriginState,
  estimates: DriverEstimates,
  otherEnergy: DriverEstimateOptions,
  options: { readonly mode: BacktestMode; readonly horizon: number; readonly lastDataYear: number },
): StructuralOrigin {
  const base = resolved.scenario;
  const T = state.year;
  const notes: string[] = [];
  const knobs = Object.fromEntries(Object.entries(base.knobs).map(([name, knob]) => [name, knob.value]));
  const scenario: Scenario = structuredClone(base);
  scenario.origin = T;
  scenario.horizon = options.horizon;
  scenario.targets = [];
  scenario.observe = [];
  const regimeNames = Object.keys(base.regimes.states);
  const regime = state.regime !== null && regimeNames.includes(state.regime) ? state.regime : base.regimes.initial;
  if (state.regime === null || !regimeNames.includes(state.regime)) notes.push(`${T}: no regime of the scenario in the data; started in ${regime}`);
  scenario.regimes.initial = regime;

  // — oil and rouble —
  const { drivers } = state;
  scenario.oil.start = { value: drivers.oilPrice.value, source: drivers.oilPrice.source };
  const spread = base.oil.longRunPrice.dist === 'lognormal' && typeof base.oil.longRunPrice.sigma === 'number' ? base.oil.longRunPrice.sigma : BACKTEST_OIL_LONG_RUN_SIGMA;
  const anchor = estimates.oilFiveYearMean?.value ?? drivers.oilPrice.value;
  scenario.oil.longRunPrice = { dist: 'lognormal', median: anchor, sigma: spread, source: source(`the mean oil price of the five years to ${T}`) };
  scenario.rouble.start = { value: drivers.rubPerCny.value, source: drivers.rubPerCny.source };
  if (estimates.oilRoubleCorrelation) {
    const r = estimates.oilRoubleCorrelation.estimate;
    const matrix = base.correlation.matrix.map((row, i) => row.map((v, j) => ((i === 0 && j === 1) || (i === 1 && j === 0) ? r : v)));
    // the estimate with the scenario's other correlations must still be a correlation matrix
    if (choleskyFactor(matrix.flat(), SHOCK_COUNT).ok) scenario.correlation.matrix = matrix;
    else notes.push(`${T}: the oil–rouble correlation ${r.toFixed(2)} does not fit the scenario's other correlations; the scenario's kept`);
  }

  // — exports —
  const crudeValue = (drivers.crudeVolume.value * BARRELS_PER_TONNE * drivers.oilPrice.value) / 1000;
  const growth = (estimate: DriverEstimates['nonEnergyGrowth'], basis: string) => {
    const posterior = combineWithPrior(BACKTEST_GROWTH_PRIOR, estimate);
    return normal(posterior.mean, posterior.sd, basis);
  };
  scenario.exports.crudeVolume = { value: drivers.crudeVolume.value, source: drivers.crudeVolume.source };
  scenario.exports.crudeCapacity = fixed(drivers.crudeVolume.value, `the ceiling starts at ${T}'s volume`);
  scenario.exports.crudeCapacityGrowth = growth(estimates.crudeTrend, `the mean Δln crude volume of the five years to ${T}, with the prior N(0.03, 0.05²)`);
  if (estimates.crudeVolatility) scenario.exports.crudeVolatility = fixed(estimates.crudeVolatility.estimate, `the standard deviation of Δln crude volume to ${T}`);
  scenario.exports.otherEnergy = {
    value: otherEnergy.otherEnergyShare * (state.exportsToChina - crudeValue),
    source: source(`other energy's share of non-crude exports (${otherEnergy.otherEnergyShare}) × ${T}'s non-crude exports`),
  };
  scenario.exports.nonEnergyGrowth = growth(estimates.nonEnergyGrowth, `non-crude export growth to ${T} less other energy's oil-linked part, with the prior N(0.03, 0.05²)`);
  // volatilities: the data's, with BACKTEST_VOLATILITY_PRIOR as a prior worth BACKTEST_VOLATILITY_PRIOR_DOF years (protocol
  // version 2); never the scenario's own value, which may be estimated on years after T
  const volatility = (estimate: VolatilityEstimate | null, basis: string): DistributionInput => {
    const posterior = volatilityPosterior({ sd: BACKTEST_VOLATILITY_PRIOR, degreesOfFreedom: BACKTEST_VOLATILITY_PRIOR_DOF }, estimate);
    return {
      dist: 'truncnormal',
      mean: posterior.mean,
      sd: posterior.sd,
      min: 0.01,
      max: 1,
      source: source(`${basis} to ${T}, with ${BACKTEST_VOLATILITY_PRIOR} as a prior worth ${BACKTEST_VOLATILITY_PRIOR_DOF} years`),
    };
  };
  scenario.exports.nonEnergyVolatility = volatility(estimates.nonEnergyVolatility, 'the standard deviation of non-crude export changes about their drift');
  scenario.demand.volatility = volatility(estimates.importsVolatility, 'the standard deviation of import changes about their fit');

  // — imports —
  scenario.imports.otherGoodsGrowth = growth(estimates.importsDrift, `the drift of imports from China to ${T}, with the prior N(0.03, 0.05²)`);
  const elasticity = combineWithPrior(BACKTEST_ELASTICITY_PRIOR, estimates.importsRoubleElasticity);
  scenario.imports.roubleElasticity = normal(elasticity.mean, elasticity.sd, `the imports' rouble elasticity to ${T}, with the prior N(0.5, 0.5²)`);

  // — sectors —
  const cars = base.sectors[CARS];
  const form = cars && state.carShareChina !== null ? 'cars' : 'reduced';
  scenario.sectors = {};
  if (form === 'cars') {
    const sector = structuredClone(cars!);
    const market = BACKTEST_CAR_MARKET_PER_IMPORTS * state.importsFromChina;
    const sigma = centreOf(sector.substitutionElasticity, knobs);
    const state0 = base.regimes.states[regime]!;
    const intensity = numberOf(state0.sanctionsIntensity, knobs);
    const friction = numberOf(state0.paymentFriction, knobs);
    const chinaWedge = numberOf(sector.sanctionsWedge.china, knobs);
    if (typeof sigma === 'number' && intensity !== null && intensity > 0 && friction !== null && chinaWedge !== null) {
      const proportions = T < BREAK_YEAR ? sector.baseShares : sector.originShares;
      const shares = withChinaShare(proportions, state.carShareChina!);
      sector.market = { value: market, source: source(`${BACKTEST_CAR_MARKET_PER_IMPORTS} × ${T}'s imports from China`) };
      sector.originShares = {
        ...shares,
        source: source(`china: ${T}'s share of new-car sales; the rest in the proportions of the scenario's ${T < BREAK_YEAR ? 'base (pre-2022)' : 'origin'} shares`),
      };
      delete sector.policyWedges;
      const wedges: Record<Supplier, number> = { china: chinaWedge, west: 0, domestic: 0, other: 0 };
      for (const supplier of SUPPLIERS) {
        if (supplier === 'china') continue;
        // the Armington target equals the origin shares in the regime in force (the formula of tradecast rebase)
        const logPrice = log1p(intensity * chinaWedge) + log1p(friction) + (log(shares[supplier] / shares.china) - log(sector.baseShares[supplier] / sector.baseShares.china)) / (1 - sigma);
        wedges[supplier] = (exp(logPrice) - 1) / intensity;
      }
      sector.sanctionsWedge = { ...wedges, source: source(`calibrated so that ${regime} holds ${T}'s shares at σ = ${sigma}`) };
      scenario.sectors[CARS] = sector;
    } else notes.push(`${T}: the cars sector could not be set up (its market, elasticity or regime does not evaluate); reduced origin`);
  }

  // — ex post: what happened, pinned —
  if (options.mode === 'exPost') scenario.observe = realizedObservations(resolved.history, T, Math.min(options.horizon, options.lastDataYear), regimeNames);

  // the origin year holds the split used (stated, derived or carried)
  const history: History = {
    ...resolved.history,
    years: resolved.history.years.map((y) => (y.year === T ? { ...y, exportsToChina: state.exportsToChina, importsFromChina: state.importsFromChina } : y)),
  };
  return { resolved: { id: `${resolved.id}@${T}`, scenario, history, locate: () => ({}) }, form: scenario.sectors[CARS] ? 'cars' : 'reduced', notes };
}

/** The drivers of each year after `origin` up to `last`, as observations (oil, rouble, crude volume, regime). */
function realizedObservations(history: History, origin: number, last: number, regimeNames: readonly string[]): Observation[] {
  const observations: Observation[] = [];
  for (let year = origin + 1; year <= last; year++) {
    const found = realizedDrivers(history.drivers ?? [], year);
    if (found.ok) {
      const d = found.drivers;
      observations.push({ name: 'oilPrice', year, value: d.oilPrice.value }, { name: 'rubPerCny', year, value: d.rubPerCny.value }, { name: 'crudeVolume', year, value: d.crudeVolume.value });
    }
    const regime = history.regimes?.find((r) => r.year === year)?.regime;
    if (regime !== undefined && regimeNames.includes(regime)) observations.push({ name: 'regime', year, value: regime });
  }
  return observations;
}

/** A number, or an expression of the knobs' values; null when it is neither. */
function numberOf(value: number | string, knobs: Readonly<Record<string, number>>): number | null {
  if (typeof value === 'number') return value;
  const centre = centreOf({ dist: 'fixed', value, source: 'x' }, knobs);
  return typeof centre === 'number' ? centre : null;
}

/** China's share set, the other suppliers keeping their proportions of the rest. */
function withChinaShare(shares: Readonly<Record<Supplier, number>>, china: number): Record<Supplier, number> {
  const rest = shares.west + shares.domestic + shares.other;
  return { china, west: (shares.west * (1 - china)) / rest, domestic: (shares.domestic * (1 - china)) / rest, other: (shares.other * (1 - china)) / rest };
}
