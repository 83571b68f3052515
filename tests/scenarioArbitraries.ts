import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { shippedScenariosDir } from '../src/scenario/projectPaths.js';

/**
 * fast-check generators of scenario variations for the model's property tests: regimes (their
 * number, transition matrices, caps, frictions, intensities, entry jumps), correlation matrices
 * of the yearly shocks (random positive definite) and volatilities (0 among them). Each maps to
 * `key=value` overrides of a shipped scenario (see `helpers.variant`). In one place so that every
 * test that needs "any valid scenario" draws from the same ones (the invariants, the engine
 * against itself before tuning, the WebAssembly kernel against the TypeScript one, the mutation
 * tests).
 */

/**
 * fast-check's seed for the model's property tests: fixed, so CI runs the same cases every
 * time. A failing case prints the seed and path to replay it with (`fc.assert(…, { seed, path })`).
 */
export const PROPERTY_SEED = 20_301_231;

/**
 * fast-check options of a property whose runs are statistical tests: values drawn without
 * fast-check's bias toward small and extreme ones (a test of correlations learns little from
 * matrices of zeros and ones), and no shrinking of a failure (each run simulates thousands of
 * paths, and a smaller scenario would not explain a statistical failure better).
 */
export const STATISTICAL = { unbiased: true, endOnFailure: true } as const;

const source = 'test';

/** Steps of `between`'s grid on [min, max]. */
const GRID = 2 ** 30;

/**
 * A number on [min, max], uniformly (on a grid of 2³⁰ steps). `fc.double` spreads its draws over
 * the binades instead, so most of those on [−1, 1] lie within 1e-100 of 0: a correlation matrix
 * of them is nearly the identity. With fast-check's bias (the default) the ends come up often.
 */
export const between = (min: number, max: number) => fc.integer({ min: 0, max: GRID }).map((k) => (k === GRID ? max : min + ((max - min) * k) / GRID));

/** A parameter that is not random: the distribution with all its mass on `value`. */
export const fixed = (value: number) => ({ dist: 'fixed', value, source });

/** Regimes as a generator makes them, and the matrix their transitions spell out. */
export interface RegimeVariation {
  readonly names: readonly string[];
  readonly initial: string;
  /** row r: the probabilities of moving from regime r to each regime next year */
  readonly matrix: readonly (readonly number[])[];
  /** what goes under `regimes.states` */
  readonly states: Readonly<Record<string, unknown>>;
}

/** Weights of one row: about a quarter of them 0 (a move that cannot happen), the rest in [0.02, 1]. */
const rowWeights = (count: number) => fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: between(0.02, 1), weight: 3 }), { minLength: count, maxLength: count });

/**
 * 1–5 regimes (one only now and then: its chain cannot move) with transition rows of random weights normalised to sum to 1 (a row of zero
 * weights stays in its regime: absorbing), Western caps in (0, 1] (1: no cap), payment frictions
 * in [0, 0.5], sanctions intensities in [0, 3] and entry jumps of ±0.5 in log exports and imports.
 */
export const regimeVariation: fc.Arbitrary<RegimeVariation> = fc.oneof({ arbitrary: fc.constant(1), weight: 1 }, { arbitrary: fc.integer({ min: 2, max: 5 }), weight: 8 }).chain((count) => {
  const each = <T>(arbitrary: fc.Arbitrary<T>) => fc.array(arbitrary, { minLength: count, maxLength: count });
  return fc
    .record({
      weights: each(rowWeights(count)),
      initial: fc.nat(count - 1),
      caps: each(fc.oneof(fc.constant(1), between(0.001, 1))),
      frictions: each(between(0, 0.5)),
      intensities: each(between(0, 3)),
      jumps: each(fc.tuple(between(-0.5, 0.5), between(-0.5, 0.5))),
    })
    .map(({ weights, initial, caps, frictions, intensities, jumps }) => {
      const names = Array.from({ length: count }, (_, r) => `regime${r}`);
      const matrix = weights.map((row, r) => {
        const total = row.reduce((a, b) => a + b, 0);
        return total > 0 ? row.map((w) => w / total) : row.map((_, s) => (s === r ? 1 : 0));
      });
      const states = Object.fromEntries(
        names.map((name, r) => [
          name,
          {
            label: name,
            // moves of probability 0 are left out, as a scenario file would
            transition: Object.fromEntries(names.map((to, s) => [to, matrix[r]![s]!]).filter(([, p]) => (p as number) > 0)),
            sanctionsIntensity: intensities[r]!,
            westernCap: caps[r]!,
            paymentFriction: frictions[r]!,
            entryJump: { exports: jumps[r]![0], imports: jumps[r]![1] },
          },
        ]),
      );
      return { names, initial: names[initial]!, matrix, states };
    });
});

/** The overrides that put `regimes` into a scenario. */
export function regimeOverrides(regimes: RegimeVariation): Record<string, unknown> {
  return { 'regimes.states': regimes.states, 'regimes.initial': regimes.initial };
}

const IDENTITY: number[][] = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));

/**
 * A random 4×4 correlation matrix of the yearly shocks: R = B·Bᵀ for a random lower-triangular B
 * whose rows are normalised to unit length (so R has a unit diagonal and B is its Cholesky
 * factor). Its diagonal, before normalising, is at least 0.1 against off-diagonal entries of at
 * most 1, so every pivot is at least 0.1²/3.01 ≈ 0.003 — positive definite — while
 * correlations reach ±0.995.
 */
export const positiveDefiniteCorrelation: fc.Arbitrary<number[][]> = fc
  .tuple(fc.array(between(-1, 1), { minLength: 6, maxLength: 6 }), fc.array(between(0.1, 1), { minLength: 4, maxLength: 4 }))
  .map(([below, diagonal]) => {
    const rows = [0, 1, 2, 3].map((i) => {
      const row = [0, 1, 2, 3].map((j) => (j < i ? below[(i * (i - 1)) / 2 + j]! : j === i ? diagonal[i]! : 0));
      const length = Math.hypot(...row);
      return row.map((v) => v / length);
    });
    // the lower triangle computed once and mirrored, so the matrix is exactly symmetric
    const matrix = IDENTITY.map((row) => [...row]);
    for (let i = 1; i < 4; i++) {
      for (let j = 0; j < i; j++) {
        const r = Math.max(
          -1,
          Math.min(
            1,
            rows[i]!.reduce((sum, v, k) => sum + v * rows[j]![k]!, 0),
          ),
        );
        matrix[i]![j] = matrix[j]![i] = r;
      }
    }
    return matrix;
  });

/** A correlation matrix of the yearly shocks: random positive definite, or now and then the identity (independent shocks). */
export const correlationMatrix: fc.Arbitrary<number[][]> = fc.oneof({ arbitrary: fc.constant(IDENTITY), weight: 1 }, { arbitrary: positiveDefiniteCorrelation, weight: 5 });

/**
 * A volatility parameter: 0 (no shock), a fixed value in [0, largest], or a truncated normal
 * about a multiple of `typical` (random per path).
 */
export const volatility = (typical: number, largest: number) =>
  fc.oneof(
    fc.constant(fixed(0)),
    between(0, largest).map(fixed),
    between(0.2, 2).map((k) => ({ dist: 'truncnormal', mean: typical * k, sd: typical / 4, min: 0, max: largest, source })),
  );

/** The random inputs of a model run, varied: regimes (or the scenario's own), correlations, volatilities, sectors' dynamics. */
export interface ModelVariation {
  readonly regimes: RegimeVariation | null;
  readonly correlation: number[][];
  readonly volatilities: Readonly<Record<string, unknown>>;
  readonly sectors: readonly { readonly elasticity: number; readonly speed: number; readonly volatility: unknown }[];
}

/**
 * Variations of a scenario with the baseline's five sectors: the scenario's own regimes a third
 * of the time, else generated ones; every volatility of the model (oil, rouble, demand,
 * non-energy and crude exports, each sector's share noise) 0, fixed or random.
 */
export const modelVariation: fc.Arbitrary<ModelVariation> = fc.record({
  regimes: fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: regimeVariation, weight: 2 }),
  correlation: correlationMatrix,
  volatilities: fc.record({
    'oil.volatility': volatility(0.28, 1),
    'rouble.volatility': volatility(0.12, 0.6),
    'demand.volatility': volatility(0.167, 0.6),
    'exports.nonEnergyVolatility': volatility(0.112, 0.6),
    'exports.crudeVolatility': volatility(0.119, 0.5),
  }),
  sectors: fc.array(fc.record({ elasticity: between(1, 15), speed: between(0, 1), volatility: volatility(0.1, 0.5) }), { minLength: 5, maxLength: 5 }),
});

/** The overrides of a variation, for a scenario whose sectors are `sectorNames` (five, the baseline's). */
export function modelOverrides(variation: ModelVariation, sectorNames: readonly string[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = { ...variation.volatilities, 'correlation.matrix': variation.correlation };
  if (variation.regimes) Object.assign(overrides, regimeOverrides(variation.regimes));
  sectorNames.forEach((name, k) => {
    const sector = variation.sectors[k]!;
    overrides[`sectors.${name}.substitutionElasticity`] = fixed(sector.elasticity);
    overrides[`sectors.${name}.adjustmentSpeed`] = fixed(sector.speed);
    overrides[`sectors.${name}.shareVolatility`] = sector.volatility;
  });
  return overrides;
}

/** Knob values drawn over their admissible ranges (overrides of the baseline). */
export const knobArbitrary = fc.record({
  sanctionsPersistence: between(0.5, 0.99),
  westernWedge: between(-0.5, 1.5),
  paymentFriction: between(0, 0.3),
  oilLongRun: between(35, 120),
  substitutionSpeed: between(0.25, 4),
  recyclingFeeWedge: between(0, 1),
});

/** Every distribution kind with a bounded support, drawn around a parameter's plausible values. */
const boundedDistribution = (center: number, spread: number) =>
  fc.oneof(
    fc.constant({ dist: 'fixed', value: center, source }),
    fc.constant({ dist: 'uniform', min: center - spread, max: center + spread, source }),
    fc.double({ min: -0.9, max: 0.9, noNaN: true }).map((k) => ({ dist: 'triangular', min: center - spread, mode: center + k * spread, max: center + spread, source })),
    fc
      .tuple(fc.double({ min: 0.3, max: 8, noNaN: true }), fc.double({ min: 0.3, max: 8, noNaN: true }))
      .map(([alpha, beta]) => ({ dist: 'beta', alpha, beta, min: center - spread, max: center + spread, source })),
    fc.double({ min: -3, max: 3, noNaN: true }).map((k) => ({ dist: 'truncnormal', mean: center + k * spread, sd: spread, min: center - spread, max: center + 2 * spread, source })),
    fc.array(fc.double({ min: center - spread, max: center + spread, noNaN: true }), { minLength: 1, maxLength: 12 }).map((values) => ({ dist: 'empirical', values, source })),
  );
const normal = (center: number, spread: number) => fc.double({ min: 0.1, max: 2, noNaN: true }).map((k) => ({ dist: 'normal', mean: center, sd: spread * k, source }));
const lognormal = (center: number) => fc.double({ min: 0.1, max: 2, noNaN: true }).map((k) => ({ dist: 'lognormal', median: center, sigma: 0.3 * k, source }));

/**
 * The baseline varied in every distribution kind, its Western caps (or generated regimes),
 * correlations, volatilities, sectors' dynamics, knobs and seed, with a place to split its 60
 * paths.
 */
export const scenarioVariation = fc.record({
  knobs: fc.record({
    sanctionsPersistence: between(0.5, 0.99),
    westernWedge: between(-0.5, 1.5),
    recyclingFeeWedge: between(0, 1),
    substitutionSpeed: between(0.25, 4),
  }),
  caps: fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })),
  elasticity: boundedDistribution(6, 3),
  growth: fc.oneof(boundedDistribution(0.02, 0.03), normal(0.02, 0.03)),
  oilLongRun: fc.oneof(boundedDistribution(70, 15), lognormal(70)),
  model: modelVariation,
  seed: fc.nat(0xffffffff),
  split: fc.nat(59),
});

export type ScenarioVariation = typeof scenarioVariation extends fc.Arbitrary<infer T> ? T : never;

/** The baseline overrides of a variation. */
export function variationOverrides({ knobs, caps, elasticity, growth, oilLongRun, model }: ScenarioVariation): Record<string, unknown> {
  return {
    ...knobs,
    ...modelOverrides(model, BASELINE_SECTORS),
    // the baseline's own regimes get caps of their own
    ...(model.regimes ? {} : { 'regimes.states.statusQuo.westernCap': caps[0], 'regimes.states.escalation.westernCap': caps[1] }),
    'oil.longRunPrice': oilLongRun,
    'sectors.machinery.substitutionElasticity': elasticity,
    'sectors.cars.marketGrowth': growth,
  };
}

/** The shipped baseline as parsed YAML, for tests that rewrite it. */
export const baselineDocument = parse(readFileSync(join(shippedScenariosDir(), 'baseline.yaml'), 'utf8')) as Record<string, unknown>;

/** The baseline's sectors, in order (five). */
export const BASELINE_SECTORS = Object.keys(baselineDocument['sectors'] as Record<string, unknown>);

/** Every path to a field of the baseline (objects, arrays and leaves). */
function pathsOf(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(node)) return [prefix, ...node.flatMap((item, i) => pathsOf(item, [...prefix, i]))];
  if (node && typeof node === 'object') return [prefix, ...Object.entries(node).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

/** Paths to the baseline's fields, and to those that hold a number. */
export const BASELINE_PATHS = pathsOf(baselineDocument).filter((p) => p.length > 0);
export const NUMERIC_PATHS = BASELINE_PATHS.filter((path) => typeof path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], baselineDocument) === 'number');

/** One to six of the baseline's numbers scaled 0.2–5× (often still valid, sometimes extreme). */
export const numericScaling = fc.array(fc.record({ path: fc.nat(NUMERIC_PATHS.length - 1), factor: fc.double({ min: 0.2, max: 5, noNaN: true }) }), { minLength: 1, maxLength: 6 });

/** The baseline with those numbers scaled. */
export function scaledBaseline(scales: readonly { path: number; factor: number }[]): Record<string, unknown> {
  const scenario = structuredClone(baselineDocument);
  for (const { path, factor } of scales) {
    const at = NUMERIC_PATHS[path]!;
    const parent = at.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, scenario);
    parent[at[at.length - 1]!] = (parent[at[at.length - 1]!] as number) * factor;
  }
  return scenario;
}
