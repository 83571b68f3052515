import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { shippedScenariosDir } from '../src/scenario/projectPaths.js';

/**
 * The random scenarios of the property tests, in one place so that every test that needs "any
 * valid scenario" draws from the same ones (the invariants, the engine against itself before
 * tuning, the WebAssembly kernel against the TypeScript one, the mutation tests).
 */

/** Knob values drawn within their admissible ranges (overrides of the baseline). */
export const knobArbitrary = fc.record({
  sanctionsPersistence: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
  westernWedge: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
  paymentFriction: fc.double({ min: 0, max: 0.3, noNaN: true }),
  oilLongRun: fc.double({ min: 35, max: 120, noNaN: true }),
  substitutionSpeed: fc.double({ min: 0.25, max: 4, noNaN: true }),
  recyclingFeeWedge: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** Per-sector parameters drawn within their admissible ranges. */
export const sectorArbitrary = fc.record({
  elasticity: fc.double({ min: 1, max: 15, noNaN: true }),
  speed: fc.double({ min: 0, max: 1, noNaN: true }),
  volatility: fc.double({ min: 0, max: 0.5, noNaN: true }),
});

/** Overrides setting knobs and, for the cars and electronics sectors, a sector's parameters as fixed values. */
export function knobAndSectorOverrides(knobs: Record<string, number>, sector: { elasticity: number; speed: number; volatility: number }): Record<string, unknown> {
  const overrides: Record<string, unknown> = { ...knobs };
  for (const name of ['cars', 'electronics']) {
    overrides[`sectors.${name}.substitutionElasticity`] = { dist: 'fixed', value: sector.elasticity, source: 'test' };
    overrides[`sectors.${name}.adjustmentSpeed`] = { dist: 'fixed', value: sector.speed, source: 'test' };
    overrides[`sectors.${name}.shareVolatility`] = { dist: 'fixed', value: sector.volatility, source: 'test' };
  }
  return overrides;
}

const source = 'test';
/** Every distribution kind with a bounded support, drawn around a parameter's plausible values. */
const boundedDistribution = (center: number, spread: number) =>
  fc.oneof(
    fc.constant({ dist: 'fixed', value: center, source }),
    fc.constant({ dist: 'uniform', min: center - spread, max: center + spread, source }),
    fc.double({ min: -0.9, max: 0.9, noNaN: true }).map((k) => ({ dist: 'triangular', min: center - spread, mode: center + k * spread, max: center + spread, source })),
    fc.tuple(fc.double({ min: 0.3, max: 8, noNaN: true }), fc.double({ min: 0.3, max: 8, noNaN: true })).map(([alpha, beta]) => ({ dist: 'beta', alpha, beta, min: center - spread, max: center + spread, source })),
    fc.double({ min: -3, max: 3, noNaN: true }).map((k) => ({ dist: 'truncnormal', mean: center + k * spread, sd: spread, min: center - spread, max: center + 2 * spread, source })),
    fc.array(fc.double({ min: center - spread, max: center + spread, noNaN: true }), { minLength: 1, maxLength: 12 }).map((values) => ({ dist: 'empirical', values, source })),
  );
const normal = (center: number, spread: number) => fc.double({ min: 0.1, max: 2, noNaN: true }).map((k) => ({ dist: 'normal', mean: center, sd: spread * k, source }));
const lognormal = (center: number) => fc.double({ min: 0.1, max: 2, noNaN: true }).map((k) => ({ dist: 'lognormal', median: center, sigma: 0.3 * k, source }));

/** The baseline varied in every distribution kind, its Western caps, knobs and seed, with a place to split its 60 paths. */
export const scenarioVariation = fc.record({
  knobs: fc.record({
    sanctionsPersistence: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
    westernWedge: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
    recyclingFeeWedge: fc.double({ min: 0, max: 1, noNaN: true }),
    substitutionSpeed: fc.double({ min: 0.25, max: 4, noNaN: true }),
  }),
  caps: fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })),
  elasticity: boundedDistribution(6, 3),
  growth: fc.oneof(boundedDistribution(0.02, 0.03), normal(0.02, 0.03)),
  oilLongRun: fc.oneof(boundedDistribution(70, 15), lognormal(70)),
  seed: fc.nat(0xffffffff),
  split: fc.nat(59),
});

export type ScenarioVariation = typeof scenarioVariation extends fc.Arbitrary<infer T> ? T : never;

/** The baseline overrides of a variation. */
export function variationOverrides({ knobs, caps, elasticity, growth, oilLongRun }: ScenarioVariation): Record<string, unknown> {
  return {
    ...knobs,
    'regimes.states.statusQuo.westernCap': caps[0],
    'regimes.states.escalation.westernCap': caps[1],
    'oil.longRunPrice': oilLongRun,
    'sectors.machinery.substitutionElasticity': elasticity,
    'sectors.cars.marketGrowth': growth,
  };
}

/** The shipped baseline as parsed YAML, for tests that rewrite it. */
export const baselineDocument = parse(readFileSync(join(shippedScenariosDir(), 'baseline.yaml'), 'utf8')) as Record<string, unknown>;

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
