import fc from 'fast-check';

/**
 * fast-check generators of scenario variations for the model's property tests: regimes (their
 * number, transition matrices, caps, frictions, intensities, entry jumps), correlation matrices
 * of the yearly shocks (random positive definite) and volatilities (0 among them). Each maps to
 * `key=value` overrides of a shipped scenario (see `helpers.variant`).
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
const rowWeights = (count: number) =>
  fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: between(0.02, 1), weight: 3 }), { minLength: count, maxLength: count });

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
        const r = Math.max(-1, Math.min(1, rows[i]!.reduce((sum, v, k) => sum + v * rows[j]![k]!, 0)));
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
  sectors: fc.array(
    fc.record({ elasticity: between(1, 15), speed: between(0, 1), volatility: volatility(0.1, 0.5) }),
    { minLength: 5, maxLength: 5 },
  ),
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
