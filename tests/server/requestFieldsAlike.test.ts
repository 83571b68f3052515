import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.js';
import { listeningApp } from './serverHarness.js';

// Every route that takes a scenario checks it, and its `overrides`, with the one schema of each
// (analysis/scenarioReference.ts): a shipped id or an inline object whose `extends` is a shipped
// id; override keys that are knob names or dotted field paths of at most 200 characters. Over
// real HTTP, as clients send them.

let app: App;
let url: string;
beforeAll(async () => ({ app, url } = await listeningApp()));
afterAll(() => app.close());

const GRID = [{ knob: 'westernWedge', from: 0, to: 0.5, step: 0.25 }];

/** A scenario and its overrides, as a body names them. */
interface Entry {
  readonly scenario: unknown;
  readonly overrides?: Record<string, unknown>;
}

/**
 * Each route, a body with a scenario entry placed where it takes one (compare: the second of
 * two), and the path of that entry's fields in the body.
 */
const ROUTES: readonly { readonly route: string; readonly body: (entry: Entry) => object; readonly at: readonly (string | number)[] }[] = [
  { route: 'simulations', body: (entry) => ({ ...entry, paths: 10 }), at: [] },
  { route: 'compare', body: (entry) => ({ scenarios: [{ scenario: 'baseline' }, entry], paths: 10 }), at: ['scenarios', 1] },
  { route: 'sensitivity', body: (entry) => ({ ...entry, samples: 2 }), at: [] },
  { route: 'backtest', body: (entry) => ({ ...entry, samples: 100 }), at: [] },
  { route: 'sweeps', body: (entry) => ({ ...entry, grid: GRID, paths: 10 }), at: [] },
];
const withOverrides = (overrides: Record<string, unknown>): Entry => ({ scenario: 'baseline', overrides });

async function postJson(route: string, body: object): Promise<{ status: number; error: { code: string; message: string; issues?: { path: (string | number)[]; message: string; file?: string }[] } }> {
  const response = await fetch(`${url}/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, error: ((await response.json()) as { error: never }).error };
}

const BAD_KEYS = ['bad key', 'a/b', 'x'.repeat(201), 'west\u00adernWedge', ''];

describe('override keys are checked alike on every route', () => {
  it.each(ROUTES)('POST /api/$route: 400 invalid-request naming each key that is no knob name or dotted path, as /api/simulations', async ({ route, body, at }) => {
    for (const key of BAD_KEYS) {
      const { status, error } = await postJson(route, body(withOverrides({ [key]: 1 })));
      expect(status, key).toBe(400);
      expect(error, key).toMatchObject({ code: 'invalid-request', issues: [{ path: [...at, 'overrides', key] }] });
      // the same issue as the simulation route gives for the same key
      const simulation = await postJson('simulations', { scenario: 'baseline', overrides: { [key]: 1 } });
      expect(error.issues![0]!.message, key).toBe(simulation.error.issues![0]!.message);
    }
  });

  it.each(ROUTES)('POST /api/$route: a knob name or a dotted path of 200 characters passes the schema and is checked with the scenario', async ({ route, body, at }) => {
    const knob = await postJson(route, body(withOverrides({ westernWedge: 9 })));
    expect(knob.status).toBe(400);
    expect(knob.error).toMatchObject({ code: 'invalid-scenario', issues: [{ path: [...at, 'knobs', 'westernWedge', 'value'], file: 'overrides' }] });
    const longest = `oil.${'v'.repeat(196)}`;
    const unknown = await postJson(route, body(withOverrides({ [longest]: 1 })));
    expect(unknown.status).toBe(400);
    expect(unknown.error.code).toBe('invalid-scenario');
  });
});

describe('scenario references are checked alike on every route', () => {
  const NOT_IDS = ['../package', '/etc/hosts', 'data/trade_turnover.csv', 'a'.repeat(101), ' baseline'];

  it.each(ROUTES)('POST /api/$route: 400 invalid-request for a scenario id or an `extends` that is no shipped id, as /api/simulations', async ({ route, body, at }) => {
    for (const id of NOT_IDS) {
      for (const [scenario, where] of [
        [id, ['scenario']],
        [{ extends: id }, ['scenario', 'extends']],
      ] as const) {
        const { status, error } = await postJson(route, body({ scenario }));
        expect(status, id).toBe(400);
        expect(error, id).toMatchObject({ code: 'invalid-request', issues: [{ path: [...at, ...where] }] });
        const simulation = await postJson('simulations', { scenario });
        expect(error.issues![0]!.message, id).toBe(simulation.error.issues![0]!.message);
      }
    }
  });

  it.each(ROUTES)('POST /api/$route: an id of no shipped scenario is 404 not-found, an `extends` of none 400 invalid-scenario', async ({ route, body }) => {
    expect((await postJson(route, body({ scenario: 'atlantis' }))).error.code).toBe('not-found');
    const overlay = await postJson(route, body({ scenario: { extends: 'atlantis' } }));
    expect(overlay.status).toBe(400);
    expect(overlay.error.code).toBe('invalid-scenario');
  });
});
