import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import { buildApp } from '../../src/server/app.js';
import { ERROR_CODES } from '../../src/server/schemas/errorResponseSchema.js';
import { SHIPPED } from '../helpers.js';

// Small work cap: every run these bodies can start is at most 500 paths to 2030 (or as much
// work in an analysis), so a few hundred requests take seconds; the same code paths as with
// the default limits.
const app = buildApp({ limits: { maxPathYears: 3_000 } });
afterAll(() => app.close());

/** Asserts the server's promise for any input: a 2xx or 4xx, and a 4xx is an ErrorResponse. */
async function answersWellTo(request: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; url?: string; payload: string; contentType?: string | undefined }): Promise<void> {
  const response = await app.inject({
    method: request.method ?? 'POST',
    url: request.url ?? '/api/simulations',
    payload: request.payload,
    headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
  });
  const where = `${request.method ?? 'POST'} ${request.url ?? '/api/simulations'} ${request.payload.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, where).toBeGreaterThanOrEqual(200);
  expect(response.statusCode, where).toBeLessThan(500);
  if (response.statusCode >= 400) expect(ERROR_CODES, where).toContain(JSON.parse(response.body).error.code);
}

const oddNumbers = fc.constantFrom(1e308, -1e308, 2 ** 53, -(2 ** 53), -0, 0.5, 1e-300, 4_294_967_296, -1);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), oddNumbers, fc.constantFrom('', 'baseline', null, [], {}, true));

const scenarioReference = fc.oneof(
  fc.constantFrom(...SHIPPED, 'nope', '../package', 'scenario.schema', 'scenario.schema.json', '', ' baseline', 'BASELINE', 'a'.repeat(500)),
  fc.string(),
  fc.record({ extends: fc.oneof(fc.constantFrom(...SHIPPED, 'data/trade_turnover.csv', 'scenario.schema.json', '../README.md', '/etc/hosts'), fc.string()) }, { requiredKeys: [] }),
  anyValue,
);

const overrideKey = fc.oneof(
  fc.constantFrom(
    'westernWedge',
    'oilLongRun',
    'oil.volatility.mean',
    'oil.volatility',
    '__proto__',
    '__proto__.polluted',
    'constructor.prototype.polluted',
    'knobs',
    'regimes.states',
    'sectors.cars.label',
    '',
    '.',
    'a..b',
  ),
  fc.string({ maxLength: 20 }),
);

const requestLike = fc
  .record(
    {
      scenario: scenarioReference,
      overrides: fc.oneof(fc.dictionary(overrideKey, anyValue, { maxKeys: 4 }), anyValue),
      paths: fc.oneof(fc.integer({ min: -5, max: 700 }), anyValue),
      seed: fc.oneof(fc.integer({ min: -2, max: 2 ** 32 }), anyValue),
      horizon: fc.oneof(fc.integer({ min: 1985, max: 2070 }), anyValue),
    },
    { requiredKeys: [] },
  )
  .chain((body) => fc.option(fc.tuple(fc.string({ maxLength: 10 }), anyValue), { freq: 4 }).map((extra) => (extra ? { ...body, [extra[0]]: extra[1] } : body)));

const payloads = fc.oneof(
  requestLike.map((body) => JSON.stringify(body)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string(), // mostly not JSON at all
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `{"scenario":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  fc.constantFrom(
    '{"scenario":"baseline","paths":1e400}',
    '{"scenario":"baseline","seed":-1e400}',
    '{"__proto__":{"polluted":1},"scenario":"baseline"}',
    '{"scenario":{"constructor":{"prototype":{"x":1}}}}',
    '{"scenario":"baseline",}',
    '\u0000',
    '{"scenario":"\ud800"}',
  ),
);

// the analyses' bodies: request-shaped, each field mostly valid (small enough sizes to run under
// the cap) and sometimes junk, so bodies reach every stage: schema, scenarios, work cap, run
const mostly = <T, U>(valid: fc.Arbitrary<T>, junk: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: junk, weight: 1 });
const analysisScenario = mostly(fc.constantFrom(...SHIPPED, { extends: 'baseline' }, { extends: 'thaw', knobs: { oilLongRun: { value: 60 } } }), scenarioReference);
const analysisOverrides = mostly(
  fc.dictionary(fc.constantFrom('westernWedge', 'oilLongRun', 'oil.volatility.mean'), fc.oneof(fc.double({ min: -1, max: 130, noNaN: true }), anyValue), { maxKeys: 2 }),
  fc.dictionary(overrideKey, anyValue, { maxKeys: 2 }),
);
const seed = mostly(fc.integer({ min: 0, max: 1_000 }), fc.oneof(fc.integer({ min: -2, max: 2 ** 32 }), anyValue));
const entry = fc.record({ scenario: analysisScenario, overrides: analysisOverrides, label: mostly(fc.string({ minLength: 1, maxLength: 10 }), anyValue) }, { requiredKeys: ['scenario'] });
const compareLike = fc.record(
  {
    scenarios: mostly(fc.array(entry, { minLength: 2, maxLength: 4 }), fc.oneof(fc.array(entry, { maxLength: 9 }), anyValue)),
    paths: mostly(fc.integer({ min: 1, max: 300 }), anyValue),
    seed,
    horizon: mostly(fc.integer({ min: 2026, max: 2030 }), fc.oneof(fc.integer({ min: 1985, max: 2070 }), anyValue)),
  },
  { requiredKeys: ['scenarios'] },
);
const sensitivityLike = fc.record(
  {
    scenario: analysisScenario,
    overrides: analysisOverrides,
    method: mostly(fc.constantFrom('sobol', 'morris'), fc.oneof(fc.constant('fast'), anyValue)),
    output: mostly(
      fc.constantFrom('turnover@2030', 'oilPrice@2026', 'share.cars.china@2028', 'target:turnover-300bn-2030'),
      fc.oneof(fc.constantFrom('target:nope', 'target:', 'gdp@2030', 'turnover@2020', 'turnover@9999', ''), fc.string(), anyValue),
    ),
    samples: mostly(fc.integer({ min: 2, max: 12 }), fc.oneof(fc.integer({ min: -1, max: 100 }), anyValue)),
    innerPaths: mostly(fc.integer({ min: 1, max: 2 }), fc.oneof(fc.integer({ min: 0, max: 64 }), anyValue)),
    grouping: mostly(fc.constantFrom('parameter', 'sector'), anyValue),
    resamples: mostly(fc.integer({ min: 10, max: 40 }), anyValue),
    seed,
  },
  { requiredKeys: ['scenario', 'samples'] },
);
const yearRange = (min: number, max: number, junkMin: number, junkMax: number) =>
  mostly(
    fc.record({ from: fc.integer({ min, max }), to: fc.integer({ min, max }) }),
    fc.oneof(fc.record({ from: fc.integer({ min: junkMin, max: junkMax }), to: fc.integer({ min: junkMin, max: junkMax }) }, { requiredKeys: [] }), anyValue),
  );
const backtestLike = fc.record(
  {
    scenario: analysisScenario,
    overrides: analysisOverrides,
    origins: yearRange(2015, 2023, 1985, 2070),
    horizons: yearRange(1, 5, -1, 22),
    samples: mostly(fc.integer({ min: 100, max: 150 }), anyValue),
    seed,
  },
  { requiredKeys: ['scenario', 'samples'] },
);
const analysisRequests = fc.oneof(fc.tuple(fc.constant('/api/compare'), compareLike), fc.tuple(fc.constant('/api/sensitivity'), sensitivityLike), fc.tuple(fc.constant('/api/backtest'), backtestLike));

/** Every field path of the shipped baseline, to break one at a time. */
const baseline = parseYaml(readFileSync(join(shippedScenariosDir(), 'baseline.yaml'), 'utf8')) as Record<string, unknown>;
function fieldPaths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof node !== 'object' || node === null) return [prefix];
  const entries = Array.isArray(node) ? node.map((value, index) => [index, value] as const) : Object.entries(node);
  return [prefix, ...entries.flatMap(([key, value]) => fieldPaths(value, [...prefix, key]))];
}
const baselinePaths = fieldPaths(baseline).filter((path) => path.length > 0);

function withField(scenario: Record<string, unknown>, path: readonly (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(scenario);
  let node = copy as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const brokenScenario = fc.oneof(
  // the complete baseline with one field changed, dropped or replaced by junk
  fc.tuple(fc.constantFrom(...baselinePaths), fc.oneof(anyValue, fc.constant(undefined))).map(([path, value]) => withField(baseline, path, value)),
  // an overlay on baseline with one field replaced
  fc.tuple(fc.constantFrom(...baselinePaths), anyValue).map(([path, value]) => ({ extends: 'baseline', [path[0]!]: withField(baseline, path, value)[path[0]!] })),
);

describe('any body, however malformed, gets a 2xx or a 4xx, never a 5xx', () => {
  it('random JSON, non-JSON, wrong types, huge numbers, deep nesting and request-shaped junk', async () => {
    await fc.assert(
      fc.asyncProperty(
        payloads,
        fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/octet-stream', undefined),
        async (payload, contentType) => answersWellTo({ payload, contentType }),
      ),
      { numRuns: 300 },
    );
  });

  it('scenarios with one field broken, complete or as an overlay', async () => {
    await fc.assert(
      fc.asyncProperty(brokenScenario, fc.integer({ min: 1, max: 500 }), async (scenario, paths) => answersWellTo({ payload: JSON.stringify({ scenario, paths }), contentType: 'application/json' })),
      { numRuns: 200 },
    );
  });

  it('the analysis routes: random JSON and non-JSON, and request-shaped bodies with any field wrong', async () => {
    const analysisUrl = fc.constantFrom('/api/compare', '/api/sensitivity', '/api/backtest');
    const requests = fc.oneof(
      analysisRequests.map(([url, body]) => ({ url, payload: JSON.stringify(body) })),
      fc.tuple(analysisUrl, payloads).map(([url, payload]) => ({ url, payload })),
    );
    await fc.assert(
      fc.asyncProperty(requests, async ({ url, payload }) => answersWellTo({ url, payload, contentType: 'application/json' })),
      { numRuns: 300 },
    );
  });

  it('any method and path under /api', async () => {
    const segment = fc.oneof(
      fc.constantFrom('api', 'scenarios', 'simulations', 'compare', 'sensitivity', 'backtest', 'health', 'docs', 'json', 'baseline', '..', '%2e%2e', '%00', ''),
      fc.webSegment(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE' as const), fc.array(segment, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), async (method, segments, body) =>
        answersWellTo({
          method,
          url: `/api/${segments.join('/')}`,
          payload: method === 'GET' || method === 'DELETE' ? '' : JSON.stringify(body),
          contentType: method === 'GET' || method === 'DELETE' ? undefined : 'application/json',
        }),
      ),
      { numRuns: 150 },
    );
  });

  it('is still healthy afterwards, with no run left holding a slot and no prototype polluted', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json().runs.active).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await app.inject({ method: 'POST', url: '/api/simulations', payload: { scenario: 'baseline', paths: 100 } })).statusCode).toBe(200);
  });
});
