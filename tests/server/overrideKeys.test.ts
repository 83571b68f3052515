import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.js';
import { listeningApp } from './serverHarness.js';

// Every route that takes `overrides` checks their keys with the one schema (overridesSchema):
// a knob name or a dotted field path, at most 200 characters. Over real HTTP, as clients send them.

let app: App;
let url: string;
beforeAll(async () => ({ app, url } = await listeningApp()));
afterAll(() => app.close());

const GRID = [{ knob: 'westernWedge', from: 0, to: 0.5, step: 0.25 }];

/** Each route, a body with `overrides` placed where it takes them, and the path of those overrides in the body. */
const ROUTES: readonly { readonly route: string; readonly body: (overrides: Record<string, unknown>) => object; readonly at: readonly (string | number)[] }[] = [
  { route: 'simulations', body: (overrides) => ({ scenario: 'baseline', overrides, paths: 10 }), at: ['overrides'] },
  { route: 'compare', body: (overrides) => ({ scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw', overrides }], paths: 10 }), at: ['scenarios', 1, 'overrides'] },
  { route: 'sensitivity', body: (overrides) => ({ scenario: 'baseline', overrides, samples: 2 }), at: ['overrides'] },
  { route: 'backtest', body: (overrides) => ({ scenario: 'baseline', overrides, samples: 100 }), at: ['overrides'] },
  { route: 'sweeps', body: (overrides) => ({ scenario: 'baseline', overrides, grid: GRID, paths: 10 }), at: ['overrides'] },
];

async function postJson(route: string, body: object): Promise<{ status: number; error: { code: string; message: string; issues?: { path: (string | number)[]; message: string; file?: string }[] } }> {
  const response = await fetch(`${url}/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, error: ((await response.json()) as { error: never }).error };
}

const BAD_KEYS = ['bad key', 'a/b', 'x'.repeat(201), 'west\u00adernWedge', ''];

describe('override keys are checked alike on every route', () => {
  it.each(ROUTES)('POST /api/$route: 400 invalid-request naming each key that is no knob name or dotted path, as /api/simulations', async ({ route, body, at }) => {
    for (const key of BAD_KEYS) {
      const { status, error } = await postJson(route, body({ [key]: 1 }));
      expect(status, key).toBe(400);
      expect(error, key).toMatchObject({ code: 'invalid-request', issues: [{ path: [...at, key] }] });
      // the same issue as the simulation route gives for the same key
      const simulation = await postJson('simulations', { scenario: 'baseline', overrides: { [key]: 1 } });
      expect(error.issues![0]!.message, key).toBe(simulation.error.issues![0]!.message);
    }
  });

  it.each(ROUTES)('POST /api/$route: a knob name or a dotted path of 200 characters passes the schema and is checked with the scenario', async ({ route, body, at }) => {
    const knob = await postJson(route, body({ westernWedge: 9 }));
    expect(knob.status).toBe(400);
    expect(knob.error).toMatchObject({ code: 'invalid-scenario', issues: [{ path: [...at.slice(0, -1), 'knobs', 'westernWedge', 'value'], file: 'overrides' }] });
    const longest = `oil.${'v'.repeat(196)}`;
    const unknown = await postJson(route, body({ [longest]: 1 }));
    expect(unknown.status).toBe(400);
    expect(unknown.error.code).toBe('invalid-scenario');
  });
});
