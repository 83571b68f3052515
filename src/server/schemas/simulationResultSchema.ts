import { z } from 'zod';

/**
 * The result contract (DESIGN §4) as a zod schema, for the OpenAPI document and the page's
 * client. The engine's `SimulationResult` interface stays the source; a type test
 * (tests/server/schemaTypes.test.ts) keeps the two equal.
 */

/** Results are readonly data (STYLE 7); so are these arrays. */
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
  standardError: z.number().nullable().describe('Monte Carlo standard error of `probability`, √(p(1 − p)/paths)'),
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
    series: z
      .record(z.string(), SeriesSummarySchema)
      .describe('turnover, exportsToChina, importsFromChina, oilPrice, rubPerCny and share.<sector>.<supplier>'),
    regimes: z.object({
      names: list(z.string()),
      probability: z.record(z.string(), list(z.number())).describe('probability of each sanctions regime by projected year'),
    }),
    history: HistoryBlockSchema,
    targets: list(TargetResultSchema),
  })
  .meta({ id: 'SimulationResult', description: 'The same document as `tradecast run <scenario> --format json` prints.' });
