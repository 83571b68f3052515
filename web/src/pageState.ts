import { z } from 'zod';
import { MAX_OBSERVATIONS } from '../../src/core/defaults.js';
import { parseObservation } from '../../src/scenario/parseObservation.js';
import type { Observation } from '../../src/scenario/scenarioSchema.js';
import { HEADLINE_SERIES } from './charts/seriesLabels.js';

/** Paths the page offers; runs up to WORKER_MAX_PATHS run in the page, larger ones on the server. */
export const PATH_CHOICES = [1_000, 5_000, 10_000, 20_000, 50_000, 100_000] as const;
export const DEFAULT_PAGE_PATHS = 10_000;

/**
 * One "what happened" entry: the fields of the scenario's observation the page sets (the
 * measurement error and the source keep their defaults). Its own schema, of the same shape, so
 * the page's main bundle does not load the scenario schema and its expression parser.
 */
export type PageObservation = Pick<Observation, 'name' | 'year' | 'months' | 'value'>;
export const PageObservationSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/)
      .max(100),
    year: z.number().int().min(1990).max(2100),
    months: z.number().int().min(1).max(11).optional(),
    value: z.union([z.number(), z.string().min(1).max(100)]),
  })
  .strict() satisfies z.ZodType<PageObservation>;

const runSpec = {
  scenario: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
    .default('baseline'),
  knobs: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.number()).default({}),
  paths: z.number().int().min(100).max(1_000_000).default(DEFAULT_PAGE_PATHS),
  seed: z.number().int().min(0).max(0xffff_ffff).default(2030),
  observations: z.array(PageObservationSchema).max(MAX_OBSERVATIONS).default([]),
};

/** What is being run: the parts of the state that change the numbers. */
export const RunSpecSchema = z.object(runSpec);
export type RunSpec = z.infer<typeof RunSpecSchema>;

/** The whole view, as it lives in the URL (page input is parsed by zod too). */
export const PageStateSchema = z.object({
  ...runSpec,
  series: z.enum(HEADLINE_SERIES as [string, ...string[]]).default('turnover'),
  sector: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
    .default('cars'),
  pinned: RunSpecSchema.optional(),
});
export type PageState = z.infer<typeof PageStateSchema>;

/** An observation as the command line writes it (`--observe`): `turnover@2026:4=85.2`. */
export function observationText(observation: PageObservation): string {
  return `${observation.name}@${observation.year}${observation.months === undefined ? '' : `:${observation.months}`}=${observation.value}`;
}

/** A key that is equal for two specs exactly when they ask for the same numbers. */
export function runSpecKey(spec: RunSpec): string {
  const knobs = Object.entries(spec.knobs).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([spec.scenario, knobs, spec.paths, spec.seed, spec.observations.map(observationText)]);
}

/**
 * The state as a query string: `scenario`, `paths`, `seed`, `series`, `sector`, one `k.<knob>`
 * per knob moved away from the scenario's value, one `obs` per observation (as `--observe`
 * writes it), and the pinned run under `pin.` keys.
 */
export function encodePageState(state: PageState): string {
  const params = new URLSearchParams();
  const put = (prefix: string, spec: RunSpec) => {
    params.set(`${prefix}scenario`, spec.scenario);
    params.set(`${prefix}paths`, String(spec.paths));
    params.set(`${prefix}seed`, String(spec.seed));
    for (const [name, value] of Object.entries(spec.knobs).sort(([a], [b]) => a.localeCompare(b))) params.set(`${prefix}k.${name}`, String(value));
    for (const observation of spec.observations) params.append(`${prefix}obs`, observationText(observation));
  };
  put('', state);
  params.set('series', state.series);
  params.set('sector', state.sector);
  if (state.pinned) put('pin.', state.pinned);
  return params.toString();
}

/** A part of a link the page could not use, and what it did instead. */
export interface IgnoredLinkPart {
  /** the query key: `paths`, `k.oilLongRun`, `obs`, `pin.seed` … */
  readonly key: string;
  readonly value: string;
}

export interface DecodedPageState {
  readonly state: PageState;
  /** what the link held that is malformed, each dropped for its default */
  readonly ignored: readonly IgnoredLinkPart[];
}

/** Parses a query string back to a state; anything malformed falls back to defaults, field by field, and is listed. */
export function decodePageState(query: string): DecodedPageState {
  const params = new URLSearchParams(query);
  const ignored: IgnoredLinkPart[] = [];
  const read = (prefix: string) => {
    const knobs: Record<string, number> = {};
    for (const [key, value] of params) {
      if (!key.startsWith(`${prefix}k.`)) continue;
      if (value.trim() !== '' && Number.isFinite(Number(value))) knobs[key.slice(prefix.length + 2)] = Number(value);
      else ignored.push({ key, value });
    }
    const observations: unknown[] = [];
    for (const text of params.getAll(`${prefix}obs`)) {
      const parsed = parseObservation(text);
      const entry = parsed.ok ? PageObservationSchema.safeParse(parsed.observation) : null;
      if (entry?.success) observations.push(entry.data);
      else ignored.push({ key: `${prefix}obs`, value: text });
    }
    const number = (key: string) => (params.has(key) && params.get(key)!.trim() !== '' ? Number(params.get(key)) : undefined);
    return { scenario: params.get(`${prefix}scenario`) ?? undefined, knobs, paths: number(`${prefix}paths`), seed: number(`${prefix}seed`), observations };
  };
  const raw = { ...read(''), series: params.get('series') ?? undefined, sector: params.get('sector') ?? undefined, ...(params.has('pin.scenario') ? { pinned: read('pin.') } : {}) };
  const parsed = PageStateSchema.safeParse(raw);
  if (parsed.success) return { state: parsed.data, ignored };
  // drop each offending field and keep the rest
  const cleaned: Record<string, unknown> = { ...raw };
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path;
    const drop = (holder: Record<string, unknown>, field: string, key: string) => {
      if (!(field in holder)) return;
      ignored.push({ key, value: String(params.get(key) ?? holder[field]) });
      delete holder[field];
    };
    if (first === 'pinned' && typeof second === 'string') drop(cleaned.pinned as Record<string, unknown>, second, `pin.${second}`);
    else if (first === 'knobs' && typeof second === 'string') drop(cleaned.knobs as Record<string, unknown>, second, `k.${second}`);
    else if (typeof first === 'string') drop(cleaned, first, first);
  }
  const retry = PageStateSchema.safeParse(cleaned);
  return retry.success ? { state: retry.data, ignored } : { state: PageStateSchema.parse({}), ignored: [{ key: 'the link', value: query }] };
}
