import { z } from 'zod';
import { HEADLINE_SERIES } from './charts/seriesLabels.js';

/** Paths the page offers; runs up to WORKER_MAX_PATHS run in the page, larger ones on the server. */
export const PATH_CHOICES = [1_000, 5_000, 10_000, 20_000, 50_000, 100_000] as const;
export const DEFAULT_PAGE_PATHS = 10_000;

const runSpec = {
  scenario: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/).default('baseline'),
  knobs: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.number()).default({}),
  paths: z.number().int().min(100).max(1_000_000).default(DEFAULT_PAGE_PATHS),
  seed: z.number().int().min(0).max(0xffff_ffff).default(2030),
};

/** What is being run: the parts of the state that change the numbers. */
export const RunSpecSchema = z.object(runSpec);
export type RunSpec = z.infer<typeof RunSpecSchema>;

/** The whole view, as it lives in the URL (STYLE 3: page input is parsed by zod too). */
export const PageStateSchema = z.object({
  ...runSpec,
  series: z.enum(HEADLINE_SERIES as [string, ...string[]]).default('turnover'),
  sector: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/).default('cars'),
  pinned: RunSpecSchema.optional(),
});
export type PageState = z.infer<typeof PageStateSchema>;

/**
 * The state as a query string: `scenario`, `paths`, `seed`, `series`, `sector`, one `k.<knob>`
 * per knob moved away from the scenario's value, and the pinned run under `pin.` keys.
 */
export function encodePageState(state: PageState): string {
  const params = new URLSearchParams();
  const put = (prefix: string, spec: RunSpec) => {
    params.set(`${prefix}scenario`, spec.scenario);
    params.set(`${prefix}paths`, String(spec.paths));
    params.set(`${prefix}seed`, String(spec.seed));
    for (const [name, value] of Object.entries(spec.knobs).sort(([a], [b]) => a.localeCompare(b))) params.set(`${prefix}k.${name}`, String(value));
  };
  put('', state);
  params.set('series', state.series);
  params.set('sector', state.sector);
  if (state.pinned) put('pin.', state.pinned);
  return params.toString();
}

/** Parses a query string back to a state; anything malformed falls back to defaults, field by field. */
export function decodePageState(query: string): PageState {
  const params = new URLSearchParams(query);
  const read = (prefix: string) => {
    const knobs: Record<string, number> = {};
    for (const [key, value] of params) {
      if (key.startsWith(`${prefix}k.`) && value.trim() !== '' && Number.isFinite(Number(value))) knobs[key.slice(prefix.length + 2)] = Number(value);
    }
    const number = (key: string) => (params.has(key) && params.get(key)!.trim() !== '' ? Number(params.get(key)) : undefined);
    return { scenario: params.get(`${prefix}scenario`) ?? undefined, knobs, paths: number(`${prefix}paths`), seed: number(`${prefix}seed`) };
  };
  const raw = { ...read(''), series: params.get('series') ?? undefined, sector: params.get('sector') ?? undefined, ...(params.has('pin.scenario') ? { pinned: read('pin.') } : {}) };
  const parsed = PageStateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // drop each offending field and keep the rest
  const cleaned: Record<string, unknown> = { ...raw };
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path;
    if (first === 'pinned' && typeof second === 'string') delete (cleaned.pinned as Record<string, unknown>)[second];
    else if (first === 'knobs' && typeof second === 'string') delete (cleaned.knobs as Record<string, unknown>)[second];
    else if (typeof first === 'string') delete cleaned[first];
  }
  const retry = PageStateSchema.safeParse(cleaned);
  return retry.success ? retry.data : PageStateSchema.parse({});
}
