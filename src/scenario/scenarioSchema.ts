import { z } from 'zod';
import { DEFAULT_HORIZON, MAX_HORIZON, MAX_OBSERVATIONS, MAX_PATHS, PROBABILITY_SUM_TOLERANCE } from '../core/defaults.js';
import { SAMPLINGS } from '../core/modelPlan.js';
import { MAX_EXPRESSION_LENGTH } from './expression.js';

/**
 * The scenario file format: the one source of scenario types for the command line, the API
 * and the page. Structural rules live here; rules that need the knobs evaluated
 * (a probability in [0, 1], rows summing to one, a positive definite correlation matrix) are
 * checked when the scenario is compiled to a model plan, with the same kind of path.
 */

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected an identifier: a letter, then letters, digits or _');

/** Where a number comes from. Calibrated numbers must name a source or say `assumption`. */
export const SourceSchema = z
  .string()
  .trim()
  .min(3, 'name the source of this number (report, file, URL) or write "assumption: …"')
  .describe('Where the number comes from: a citation (file, report, URL), or "assumption: why".');

/** A number, or a mathjs expression of the knobs (schedules may also use `year` and `origin`). */
export const ExpressionSchema = z
  .union([z.number(), z.string().trim().min(1).max(MAX_EXPRESSION_LENGTH)], {
    error: (issue) =>
      issue.input === undefined ? 'missing: expected a number, or a mathjs expression of the knobs written as text' : 'expected a finite number, or a mathjs expression of the knobs written as text',
  })
  .describe('A number, or a mathjs expression of the scenario knobs (e.g. "westernWedge * 0.8").');

const sourced = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, source: SourceSchema }).strict();

/** A number with its unit and source, e.g. a level at the origin year. */
export const SourcedValueSchema = sourced({ value: ExpressionSchema });

/** Distributions of per-path parameters (docs/model.md), each with its source. */
export const DistributionSchema = z
  .discriminatedUnion('dist', [
    sourced({ dist: z.literal('fixed'), value: ExpressionSchema }),
    sourced({ dist: z.literal('normal'), mean: ExpressionSchema, sd: ExpressionSchema }),
    sourced({
      dist: z.literal('lognormal'),
      median: ExpressionSchema.describe('median, e^μ'),
      sigma: ExpressionSchema.describe('standard deviation of the log'),
    }),
    sourced({ dist: z.literal('uniform'), min: ExpressionSchema, max: ExpressionSchema }),
    sourced({ dist: z.literal('triangular'), min: ExpressionSchema, mode: ExpressionSchema, max: ExpressionSchema }),
    sourced({
      dist: z.literal('beta'),
      alpha: ExpressionSchema,
      beta: ExpressionSchema,
      min: ExpressionSchema.default(0),
      max: ExpressionSchema.default(1),
    }),
    sourced({
      dist: z.literal('truncnormal'),
      mean: ExpressionSchema,
      sd: ExpressionSchema,
      min: ExpressionSchema,
      max: ExpressionSchema,
    }),
    sourced({ dist: z.literal('empirical'), values: z.array(z.number()).min(1).max(100_000) }),
  ])
  .describe('A per-path parameter draw: fixed, normal, lognormal, uniform, triangular, beta, truncnormal or empirical.');

/** A slider: a named number that expressions elsewhere in the scenario read. */
export const KnobSchema = sourced({
  value: z.number(),
  min: z.number(),
  max: z.number(),
  step: z.number().positive().optional(),
  unit: z.string().min(1),
  label: z.string().min(1),
  description: z.string().optional(),
}).superRefine((knob, ctx) => {
  if (!(knob.min <= knob.value && knob.value <= knob.max)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `value ${knob.value} is outside [min, max] = [${knob.min}, ${knob.max}]` });
  }
});

const SharesSchema = sourced({
  china: z.number().gt(0).lt(1),
  west: z.number().gt(0).lt(1),
  domestic: z.number().gt(0).lt(1),
  other: z.number().gt(0).lt(1),
}).describe('Supplier shares of the sector market (fractions > 0 that sum to 1; shares are kept as log-ratios).');

const SupplierExpressionsSchema = sourced({
  china: ExpressionSchema.default(0),
  west: ExpressionSchema.default(0),
  domestic: ExpressionSchema.default(0),
  other: ExpressionSchema.default(0),
});

export const SectorSchema = z
  .object({
    label: z.string().min(1),
    market: SourcedValueSchema.describe('Size of the Russian market for the sector at the origin, US$ bn.'),
    importContent: SourcedValueSchema.describe(
      'Fraction of the China-supplied market imported from China (0–1]; may be a schedule: an expression of `year`, `origin`, the knobs and the schedules (localisation).',
    ),
    baseShares: SharesSchema.describe('Pre-shock (2021) shares: the Armington base weights.'),
    originShares: SharesSchema.describe('Shares at the origin year: the starting state.'),
    sanctionsWedge: SupplierExpressionsSchema.describe('Price-equivalent wedge on each supplier at sanctions intensity 1 (0.5 = +50%); scaled by the regime.'),
    policyWedges: SupplierExpressionsSchema.optional().describe(
      'Tariffs, recycling fees, localisation rules: a wedge per supplier, as expressions of `year`, `origin` (the last year of data), the knobs and the schedules.',
    ),
    marketGrowth: DistributionSchema.describe('Drift of the log market size, per year.'),
    roubleElasticity: DistributionSchema.describe('Fall in log market (US$) per unit rise of log RUB/CNY.'),
    substitutionElasticity: DistributionSchema.describe('Armington elasticity σ between suppliers (≥ 1).'),
    adjustmentSpeed: DistributionSchema.describe('Share of the gap to the target log-ratio closed each year, in [0, 1].'),
    shareVolatility: DistributionSchema.describe('Standard deviation of the yearly shock to China’s log-ratio.'),
  })
  .strict();

export const RegimeSchema = z
  .object({
    label: z.string().min(1),
    description: z.string().optional(),
    transition: z.record(identifier, ExpressionSchema).describe('Probability of moving to each regime next year (regimes left out: 0); sums to 1.'),
    sanctionsIntensity: ExpressionSchema.describe('Multiplier on every sector’s sanctions wedge (status quo = 1).'),
    westernCap: ExpressionSchema.describe('Availability cap on the Western share of every sector, in (0, 1].'),
    paymentFriction: ExpressionSchema.describe('Share of bilateral trade value lost to payment frictions (secondary sanctions on banks), in [0, 1).'),
    entryJump: z
      .object({ exports: ExpressionSchema.default(0), imports: ExpressionSchema.default(0) })
      .strict()
      .optional()
      .describe('One-off change in log exports / imports on entering the regime (−0.1 ≈ −10%).'),
  })
  .strict();

const year = z.number().int().min(1990).max(MAX_HORIZON);

/**
 * A policy that changes in steps on given years (a fee raised each January): its value in a year
 * is that of its latest step in or before the year, 0 before the first. Expressions of policy
 * wedges and import content read it by name; an observation of that name sets it from the
 * observed year until its next step.
 */
export const StepScheduleSchema = z
  .object({
    label: z.string().min(1),
    unit: z.string().min(1),
    description: z.string().optional(),
    steps: z
      .record(z.string().regex(/^\d{4}$/, 'expected a calendar year, e.g. 2026'), ExpressionSchema)
      .refine((steps) => Object.keys(steps).length > 0, 'give at least one step: YEAR: value')
      .describe('YEAR: value from that year on (a number or an expression of the knobs).'),
    source: SourceSchema,
  })
  .strict();

export const TargetSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, - _ .'),
    label: z.string().min(1),
    year,
    expression: z.string().min(1).max(MAX_EXPRESSION_LENGTH).describe('True or false per path, over series values in `year`, e.g. "turnover >= 300".'),
  })
  .strict();

/** Something that happened in a projected year: a driver to pin, or an outcome to condition on. */
export const ObservationSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(100)
      .describe(
        'oilPrice, rubPerCny, crudeVolume, regime, or a schedule of the scenario such as recyclingFee (drivers); turnover, exportsToChina, importsFromChina, share.<sector>.<supplier> (outcomes)',
      ),
    year: year.describe('A projected year (after the origin).'),
    months: z.number().int().min(1).max(11).optional().describe('Cumulative January…months (turnover only); absent: the full year.'),
    value: z.union([z.number(), z.string().min(1).max(100)]).describe('In the unit of the name (US$/bbl, RUB/CNY, Mt, US$ bn, fraction); a regime name for `regime`.'),
    sd: z.number().positive().max(1).optional().describe('Measurement error of an outcome: standard deviation of the log for money values, absolute for shares (defaults: 0.01 and 0.005).'),
    source: SourceSchema.optional(),
  })
  .strict();

const correlationRow = z.array(z.number().min(-1).max(1)).length(4);

export const ScenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().min(1),
    data: z
      .object({
        turnover: z.string().min(1).describe('GACC turnover CSV, relative to the scenario file.'),
        sectorShares: z.string().min(1).optional().describe('Sector share CSV (car-share history), relative to the file.'),
        drivers: z
          .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(4)])
          .optional()
          .describe('Driver tables (oil, rouble, crude volume by year), in order of preference: drivers_history.csv, drivers.csv. The back-test and model checks read them.'),
        regimes: z.string().min(1).optional().describe('The sanctions regime in force each past year (regime_history.csv): the back-test pins it ex post.'),
        partialYear: z.string().min(1).optional().describe('Cumulative January…month turnover by year (partial_year.csv): what a cumulative-months observation is read against.'),
      })
      .strict(),
    origin: year.describe('Last year of history; the projection starts the year after.'),
    horizon: year.default(DEFAULT_HORIZON).describe('Last projected year.'),
    run: z
      .object({
        paths: z.number().int().min(1).max(MAX_PATHS).optional(),
        seed: z.number().int().min(0).max(0xffff_ffff).optional(),
        sampling: z.enum(SAMPLINGS).optional().describe('independent (default): every path its own random numbers; antithetic: paths in pairs whose yearly shocks are each other’s negation'),
      })
      .strict()
      .optional()
      .describe('Defaults for a run of this scenario; the command line and the API override them.'),
    knobs: z.record(identifier, KnobSchema).default({}),
    schedules: z.record(identifier, StepScheduleSchema).default({}).describe('Policies that change in steps on given years (e.g. recyclingFee), read by name in policy wedges and import content.'),
    regimes: z
      .object({
        initial: identifier.describe('Regime in force at the origin.'),
        source: SourceSchema,
        states: z.record(identifier, RegimeSchema),
      })
      .strict(),
    oil: z
      .object({
        start: SourcedValueSchema.describe('Oil price at the origin, US$/bbl (China’s import unit value of Russian crude).'),
        longRunPrice: DistributionSchema.describe('Long-run mean θ of the price, US$/bbl.'),
        meanReversion: DistributionSchema.describe('Mean-reversion speed κ of the log price, per year (> 0).'),
        volatility: DistributionSchema.describe('Volatility σ of the log price, per √year.'),
      })
      .strict(),
    rouble: z
      .object({
        start: SourcedValueSchema.describe('RUB per CNY at the origin.'),
        drift: DistributionSchema.describe('Drift of log RUB/CNY per year (> 0: the rouble weakens).'),
        volatility: DistributionSchema.describe('Volatility of log RUB/CNY per year.'),
      })
      .strict(),
    exports: z
      .object({
        crudeVolume: SourcedValueSchema.describe('Russian crude into China at the origin, Mt/yr.'),
        crudeCapacity: DistributionSchema.describe('Ceiling the crude volume grows toward, Mt/yr.'),
        crudeCatchUp: DistributionSchema.describe('Share of the gap to the ceiling closed each year, in [0, 1].'),
        otherEnergy: SourcedValueSchema.describe('Gas, LNG, coal and oil products into China at the origin, US$ bn.'),
        otherEnergyOilElasticity: DistributionSchema.describe('Elasticity of other-energy value to the oil price.'),
        nonEnergyGrowth: DistributionSchema.describe('Drift of log non-energy exports per year.'),
        nonEnergyVolatility: DistributionSchema.describe('Volatility of log non-energy exports per year.'),
        crudeVolatility: DistributionSchema.optional().describe('Standard deviation of the yearly shock to log crude volume, independent of the other shocks (default 0: no shock).'),
        crudeCapacityGrowth: DistributionSchema.optional().describe('Yearly log growth of the crude ceiling from the origin (default 0: a fixed ceiling).'),
      })
      .strict(),
    imports: z
      .object({
        otherGoodsGrowth: DistributionSchema.describe('Drift of log imports outside the modelled sectors per year.'),
        roubleElasticity: DistributionSchema.optional().describe('Fall in log imports outside the modelled sectors (US$) per unit rise of log RUB/CNY (default 0: none).'),
      })
      .strict(),
    demand: z.object({ volatility: DistributionSchema.describe('Volatility of the common demand shock per year.') }).strict(),
    correlation: z
      .object({
        order: z.tuple([z.literal('oil'), z.literal('rouble'), z.literal('demand'), z.literal('exports')]).optional(),
        matrix: z.array(correlationRow).length(4).describe('4×4 correlation of the yearly shocks (oil, rouble, demand, exports).'),
        source: SourceSchema,
      })
      .strict(),
    sectors: z.record(identifier, SectorSchema),
    targets: z.array(TargetSchema).max(50).default([]),
    observe: z.array(ObservationSchema).max(MAX_OBSERVATIONS).default([]).describe('What happened in projected years: drivers pinned on every path, outcomes the paths are conditioned on.'),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    if (scenario.horizon <= scenario.origin) {
      ctx.addIssue({ code: 'custom', path: ['horizon'], message: `horizon ${scenario.horizon} must be after origin ${scenario.origin}` });
    }
    const regimeNames = Object.keys(scenario.regimes.states);
    if (regimeNames.length === 0) ctx.addIssue({ code: 'custom', path: ['regimes', 'states'], message: 'declare at least one regime' });
    if (regimeNames.length > 255) ctx.addIssue({ code: 'custom', path: ['regimes', 'states'], message: 'at most 255 regimes' });
    if (!regimeNames.includes(scenario.regimes.initial)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regimes', 'initial'],
        message: `unknown regime "${scenario.regimes.initial}"; declared: ${regimeNames.join(', ')}`,
      });
    }
    for (const [name, regime] of Object.entries(scenario.regimes.states)) {
      for (const to of Object.keys(regime.transition)) {
        if (!regimeNames.includes(to)) {
          ctx.addIssue({
            code: 'custom',
            path: ['regimes', 'states', name, 'transition', to],
            message: `unknown regime "${to}"; declared: ${regimeNames.join(', ')}`,
          });
        }
      }
    }
    for (const name of Object.keys(scenario.schedules)) {
      if (Object.hasOwn(scenario.knobs, name)) ctx.addIssue({ code: 'custom', path: ['schedules', name], message: `"${name}" is also a knob; a schedule needs a name of its own` });
    }
    if (Object.keys(scenario.sectors).length === 0) ctx.addIssue({ code: 'custom', path: ['sectors'], message: 'declare at least one sector' });
    const matrix = scenario.correlation.matrix;
    matrix.forEach((row, i) =>
      row.forEach((value, j) => {
        if (i === j && value !== 1) ctx.addIssue({ code: 'custom', path: ['correlation', 'matrix', i, j], message: 'the diagonal of a correlation matrix is 1' });
        if (j > i && value !== matrix[j]?.[i]) {
          ctx.addIssue({ code: 'custom', path: ['correlation', 'matrix', i, j], message: `not symmetric: [${i}][${j}] = ${value} but [${j}][${i}] = ${matrix[j]?.[i]}` });
        }
      }),
    );
    const ids = new Set<string>();
    scenario.targets.forEach((target, i) => {
      if (ids.has(target.id)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: `duplicate target id "${target.id}"` });
      ids.add(target.id);
    });
    for (const [name, sector] of Object.entries(scenario.sectors)) {
      for (const key of ['baseShares', 'originShares'] as const) {
        const s = sector[key];
        const shares = [s.china, s.west, s.domestic, s.other];
        if (shares.some((share) => !(share > 0 && share < 1))) continue; // already reported share by share
        const sum = shares.reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
          ctx.addIssue({ code: 'custom', path: ['sectors', name, key], message: `shares sum to ${sum}, expected 1` });
        }
      }
    }
  });

/** A validated scenario with `extends` applied and defaults filled in. */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** A scenario as written in a file, before defaults. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type DistributionInput = z.infer<typeof DistributionSchema>;
export type Knob = z.infer<typeof KnobSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type Observation = z.infer<typeof ObservationSchema>;
export type StepSchedule = z.infer<typeof StepScheduleSchema>;
