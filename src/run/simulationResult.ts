import { z } from 'zod';
import type { ModelFailure } from '../core/modelFailure.js';

/**
 * The result of a run — what `tradecast run --format json` prints and `POST /api/simulations`
 * sends — declared once, as a zod schema: the TypeScript types, the route's response schema,
 * the OpenAPI document and the analyses' results that embed a run's parts all come from it.
 * The core's own types (SeriesSummary, the history block) are kept equal to it by a type test
 * (tests/run/simulationResult.test.ts).
 */

/** Results are readonly data; so are these arrays. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

const perYear = (what: string) => list(z.number()).describe(`${what}, one value per entry of \`years\``);

export const SeriesSummarySchema = z.object({
  unit: z.string().describe('USD bn, USD/bbl, RUB/CNY or fraction'),
  mean: perYear('mean over paths'),
  p5: perYear('5th percentile'),
  p25: perYear('25th percentile'),
  p50: perYear('median'),
  p75: perYear('75th percentile'),
  p95: perYear('95th percentile'),
});

const YearFlagSchema = z.enum(['missing', 'suspect', 'rounded', 'split-not-stated']);

const statedOrGap = (what: string) => list(z.number().nullable()).describe(`${what} by history year; null where the sources state none`);

export const HistoryBlockSchema = z
  .object({
    years: list(z.number().int()),
    turnover: statedOrGap('turnover, USD bn (GACC)'),
    exportsToChina: statedOrGap("Russia's exports to China, USD bn"),
    importsFromChina: statedOrGap("Russia's imports from China, USD bn"),
    'share.cars.china': statedOrGap("Chinese brands' share of Russia's new-car sales, fraction"),
    flags: z.record(z.string(), list(YearFlagSchema)).describe('Quality flags of a year, keyed by the year'),
  })
  .meta({ id: 'HistoryBlock', description: 'The historical series up to the origin year, as stated in scenarios/data/ (gaps are null, never filled).' });

export const TargetResultSchema = z.object({
  id: z.string(),
  label: z.string(),
  year: z.number().int(),
  expression: z.string(),
  probability: z.number().nullable().describe('share of paths meeting the target; null when `year` is outside the projected years'),
  standardError: z.number().nullable().describe('Monte Carlo standard error of `probability`: √(p(1 − p)/paths) for independent paths; with antithetic sampling, from the spread of the pairs’ hits'),
  interval95: z
    .tuple([z.number(), z.number()])
    .nullable()
    .optional()
    .describe(
      '95% interval for `probability` [low, high] (Wilson score interval with continuity correction, over the paths or, with antithetic sampling, their effective number p(1 − p)/standardError²). Unlike probability ± 1.96·standardError it stays honest when few or no paths meet the target: none of 10,000 gives [0, 0.00048], not 0 ± 0. Null when `year` is not projected; absent from results of builds before it was added',
    ),
});

export const ObservationResultSchema = z.object({
  name: z.string().describe('oilPrice, rubPerCny, crudeVolume, recyclingFee, regime; turnover, exportsToChina, importsFromChina, share.<sector>.<supplier>'),
  year: z.number().int(),
  months: z.number().int().optional().describe('cumulative January…months; absent: the full year'),
  value: z.union([z.number(), z.string()]).describe('in the unit of the name; a regime name for regime'),
  kind: z.enum(['driver', 'outcome']).describe('driver: pinned on every path; outcome: the paths conditioned on it'),
  effectiveSampleSize: z.number().optional().describe('of an outcome: the paths its likelihood weights alone are worth'),
});

export const SimulationResultSchema = z
  .object({
    scenario: z.string().describe('the scenario id, or "inline"'),
    name: z.string(),
    seed: z.number().int(),
    paths: z.number().int(),
    version: z.string().describe('tradecast version that computed it'),
    inputHash: z.string().describe('SHA-256 of the resolved scenario, data, paths, seed and horizon'),
    origin: z.number().int().describe('last year of history'),
    horizon: z.number().int(),
    years: list(z.number().int()).describe('projected years, origin + 1 … horizon'),
    series: z.record(z.string(), SeriesSummarySchema).describe('turnover, exportsToChina, importsFromChina, oilPrice, rubPerCny and share.<sector>.<supplier>'),
    regimes: z.object({
      names: list(z.string()),
      probability: z.record(z.string(), list(z.number())).describe('probability of each sanctions regime by projected year'),
    }),
    history: HistoryBlockSchema,
    targets: list(TargetResultSchema),
    observations: list(ObservationResultSchema).describe('What the run was told happened (scenario `observe`, --observe, `observations`)'),
    effectiveSampleSize: z.number().nullable().describe('With observed outcomes: the paths the conditioned set is worth (Kish); null without'),
    sampling: z
      .literal('antithetic')
      .optional()
      .describe('Present when the paths came in antithetic pairs (run option `sampling`); the standard errors are then the pairs’. Absent: independent paths'),
  })
  .meta({ id: 'SimulationResult', description: 'The same document as `tradecast run <scenario> --format json` prints.' });

/** The JSON result of a run. */
export type SimulationResult = z.output<typeof SimulationResultSchema>;
export type TargetResult = z.output<typeof TargetResultSchema>;

/** A run's result, or the reason the model could not produce one. */
export type ResultOutcome = { readonly ok: true; readonly result: SimulationResult } | { readonly ok: false; readonly failure: ModelFailure };
