import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createComputePool } from '../../src/server/computePool.js';
import { BUSY_RETRY_AFTER_SECONDS } from '../../src/server/limits.js';
import { SimulationResultSchema } from '../../src/run/simulationResult.js';
import { tradecast } from '../cli/cliHarness.js';
import { SHIPPED, shipped as shippedScenario } from '../helpers.js';
import { EXPLODING_SCENARIO, errorOf, listeningApp, postSimulation, untilActive } from './serverHarness.js';

const app = buildApp();
afterAll(() => app.close());

describe('GET /api/health', () => {
  it('says ok, the version, and counts of runs', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', version: expect.any(String), runs: { active: 0, pathsSimulated: expect.any(Number) } });
  });
});

describe('GET /api/scenarios', () => {
  it('lists every shipped scenario with its name, description and knobs', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/scenarios' });
    expect(response.statusCode).toBe(200);
    const { scenarios } = response.json() as { scenarios: { id: string; name: string; description: string; knobs: Record<string, { value: number; min: number; max: number; label: string }> }[] };
    expect(scenarios.map((s) => s.id)).toEqual([...SHIPPED].sort());
    for (const scenario of scenarios) {
      expect(scenario.name.length).toBeGreaterThan(0);
      expect(scenario.description.length).toBeGreaterThan(0);
      for (const knob of Object.values(scenario.knobs)) expect(knob.min <= knob.value && knob.value <= knob.max).toBe(true);
    }
    const escalation = scenarios.find((s) => s.id === 'escalation')!;
    expect(escalation.knobs.westernWedge?.value).toBe(0.3); // its own value, over baseline's
    expect(Object.keys(escalation.knobs)).toEqual(Object.keys(scenarios.find((s) => s.id === 'baseline')!.knobs));
  });
});

describe('GET /api/scenarios/:id', () => {
  it('returns the scenario with extends applied and defaults filled, and its history up to the origin', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/scenarios/escalation' });
    expect(response.statusCode).toBe(200);
    const { id, scenario, history } = response.json();
    expect(id).toBe('escalation');
    expect(scenario.extends).toBeUndefined();
    expect(scenario.name).toMatch(/^Escalation/);
    expect(scenario.regimes.states.escalation.westernCap).toBe(0.04); // escalation.yaml
    expect(scenario.sectors.cars.label.length).toBeGreaterThan(0); // from baseline.yaml
    expect(history.years.at(-1)).toBe(scenario.origin);
    expect(history.turnover).toHaveLength(history.years.length);
  });

  it('is 404 for an unknown id, naming the shipped ones', async () => {
    for (const id of ['nope', 'scenario.schema', '..%2Fpackage', '%00']) {
      const response = await app.inject({ method: 'GET', url: `/api/scenarios/${id}` });
      expect(response.statusCode, id).toBe(404);
      expect(errorOf(response).code).toBe('not-found');
    }
    expect(errorOf(await app.inject({ method: 'GET', url: '/api/scenarios/nope' })).message).toContain('baseline');
  });
});

describe('POST /api/simulations', () => {
  it('answers with exactly the bytes of `tradecast run --format json` for the same inputs', async () => {
    const cli = await tradecast(['run', 'baseline', '--paths', '1500', '--seed', '7', '--horizon', '2029', '--set', 'westernWedge=0.5', '--set', 'oil.volatility.mean=0.35', '--format', 'json']);
    expect(cli.code).toBe(0);
    const response = await postSimulation(app, { scenario: 'baseline', paths: 1500, seed: 7, horizon: 2029, overrides: { westernWedge: 0.5, 'oil.volatility.mean': 0.35 } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe(cli.stdout);
  });

  it('runs an inline scenario: extending baseline unchanged gives baseline’s numbers', async () => {
    const shipped = await postSimulation(app, { scenario: 'baseline', paths: 600, seed: 3 });
    const inline = await postSimulation(app, { scenario: { extends: 'baseline' }, paths: 600, seed: 3 });
    expect(inline.statusCode).toBe(200);
    const { scenario: shippedId, ...shippedRest } = shipped.json();
    const { scenario: inlineId, ...inlineRest } = inline.json();
    expect([shippedId, inlineId]).toEqual(['baseline', 'inline']);
    expect(inlineRest).toEqual(shippedRest);
  });

  it('uses the scenario’s own paths and seed when the request leaves them out, and records them', async () => {
    const origin = shippedScenario('thaw').scenario.origin;
    const response = await postSimulation(app, { scenario: 'thaw', horizon: origin + 2 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ paths: 10_000, seed: 2030, years: [origin + 1, origin + 2] });
  });

  it('answers with a document the OpenAPI result schema describes', async () => {
    const response = await postSimulation(app, { scenario: 'localisation', paths: 300 });
    expect(SimulationResultSchema.strict().safeParse(response.json()).error?.issues).toBeUndefined();
  });

  it('takes sampling: antithetic, with the bytes of `tradecast run --sampling antithetic`', async () => {
    const cli = await tradecast(['run', 'thaw', '--paths', '1200', '--seed', '5', '--sampling', 'antithetic', '--format', 'json']);
    expect(cli.code).toBe(0);
    const response = await postSimulation(app, { scenario: 'thaw', paths: 1200, seed: 5, sampling: 'antithetic' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(cli.stdout);
    expect(response.json().sampling).toBe('antithetic');
    expect(SimulationResultSchema.strict().safeParse(response.json()).error?.issues).toBeUndefined();
    const refused = await postSimulation(app, { scenario: 'thaw', paths: 100, sampling: 'sobol' });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).issues!.map((issue) => issue.path)).toEqual([['sampling']]);
  });
});

describe('errors as data: { error: { code, message, issues? } }', () => {
  it('400 invalid-request names each field of the body that is wrong', async () => {
    const response = await postSimulation(app, { scenario: 'baseline', paths: 'many', seed: -1, colour: 'red' });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('invalid-request');
    expect(error.issues!.map((issue) => issue.path)).toEqual(expect.arrayContaining([['paths'], ['seed']]));
    expect(error.issues!.some((issue) => issue.path.includes('colour') || issue.message.includes('"colour"'))).toBe(true);
    expect(error.message).toMatch(/^paths: .*\(and 2 more issues\)$/);
    const misspelt = errorOf(await postSimulation(app, { scenario: 'baseline', pahts: 100 }));
    expect(misspelt.issues).toEqual([{ path: ['pahts'], message: 'unknown field; did you mean "paths"?' }]);
  });

  it('400 invalid-request for a body that is not JSON, or not an object', async () => {
    for (const payload of ['{"scenario": "baseline"', '', '[]', '"baseline"', 'null']) {
      const response = await app.inject({ method: 'POST', url: '/api/simulations', payload, headers: { 'content-type': 'application/json' } });
      expect(response.statusCode, payload).toBe(400);
      expect(errorOf(response).code, payload).toBe('invalid-request');
    }
  });

  it('400 invalid-scenario with the scenario’s issues: an inline field, an override, a shipped file with its line', async () => {
    const inline = errorOf(await postSimulation(app, { scenario: { extends: 'baseline', knobs: { oilLongRun: { value: 500 } } } }));
    expect(inline).toMatchObject({ code: 'invalid-scenario', issues: [{ path: ['knobs', 'oilLongRun', 'value'], file: '(inline scenario)' }] });
    expect(inline.message).toMatch(/^knobs\.oilLongRun\.value: value 500 is outside/);

    const override = errorOf(await postSimulation(app, { scenario: 'baseline', overrides: { westernWedge: 9 } }));
    expect(override).toMatchObject({ code: 'invalid-scenario', issues: [{ path: ['knobs', 'westernWedge', 'value'], file: 'overrides' }] });

    // the override is valid on its own; the value the shipped file holds is now out of range
    const shipped = errorOf(await postSimulation(app, { scenario: 'baseline', overrides: { 'knobs.oilLongRun.min': 80 } }));
    expect(shipped.issues![0]).toMatchObject({ path: ['knobs', 'oilLongRun', 'value'], file: 'scenarios/baseline.yaml', line: expect.any(Number) });

    const typo = errorOf(await postSimulation(app, { scenario: 'baseline', overrides: { oilLongrun: 50 } }));
    expect(typo).toMatchObject({ code: 'invalid-scenario', issues: [{ path: ['oilLongrun'], file: 'overrides', message: 'no knob or top-level field "oilLongrun"; did you mean "oilLongRun"?' }] });

    const inlineKnob = errorOf(await postSimulation(app, { scenario: { extends: 'baseline', knobs: { oilLongrun: { value: 50 } } } }));
    expect(inlineKnob.issues).toEqual([expect.objectContaining({ path: ['knobs', 'oilLongrun'], file: '(inline scenario)', message: expect.stringContaining('did you mean "oilLongRun"?') })]);

    const complete = errorOf(await postSimulation(app, { scenario: { name: 'Only a name' } }));
    expect(complete.code).toBe('invalid-scenario');
    expect(complete.issues!.map((issue) => issue.path[0])).toEqual(expect.arrayContaining(['description', 'data', 'origin', 'regimes']));
  });

  it('400 when an inline scenario reaches for files: extends takes shipped ids only, data stays in scenarios/', async () => {
    for (const parent of ['../package.json', 'scenario.schema.json', 'data/trade_turnover.csv']) {
      const error = errorOf(await postSimulation(app, { scenario: { extends: parent } }));
      expect(error, parent).toMatchObject({ code: 'invalid-request', issues: [{ path: ['scenario', 'extends'], message: expect.stringContaining('shipped scenario') }] });
    }
    for (const turnover of ['/etc/passwd', '../../package.json']) {
      const error = errorOf(await postSimulation(app, { scenario: { extends: 'baseline', data: { turnover } } }));
      expect(error.code).toBe('invalid-scenario');
      expect(error.message).toMatch(/outside/);
      expect(JSON.stringify(error)).not.toContain(process.cwd()); // no server paths in answers
    }
  });

  it('404 not-found for an unknown scenario id and for an unknown route', async () => {
    const unknown = await postSimulation(app, { scenario: 'atlantis' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: 'not-found', message: expect.stringContaining('"atlantis"') });
    for (const [method, url] of [
      ['GET', '/api/nothing'],
      ['DELETE', '/api/scenarios/baseline'],
      ['GET', '/favicon.ico'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode, url).toBe(404);
      expect(errorOf(response).code).toBe('not-found');
    }
  });

  it('413 body-too-large over the configured body limit', async () => {
    const small = buildApp({ limits: { bodyLimitBytes: 2_000 } });
    const response = await postSimulation(small, { scenario: { extends: 'baseline', description: 'x'.repeat(3_000) } });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response)).toMatchObject({ code: 'body-too-large', message: expect.stringContaining('2000 bytes') });
    expect((await postSimulation(small, { scenario: 'baseline', paths: 10 })).statusCode).toBe(200);
    await small.close();
  });

  it('415 unsupported-media-type for a body that is not JSON', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/simulations', payload: '<scenario/>', headers: { 'content-type': 'application/xml' } });
    expect(response.statusCode).toBe(415);
    expect(errorOf(response).code).toBe('unsupported-media-type');
  });

  it('422 model-failure when a valid scenario drives the model to Infinity', async () => {
    const response = await postSimulation(app, { scenario: EXPLODING_SCENARIO, paths: 50 });
    expect(response.statusCode).toBe(422);
    expect(errorOf(response)).toMatchObject({ code: 'model-failure', message: expect.stringMatching(/NaN or Infinity in \S+ for \d{4}/) });
  });

  it('500 internal: a generic message to the client, the detail in the log only', async () => {
    const lines: string[] = [];
    const logged = buildApp({ logger: { level: 'error', stream: { write: (line: string) => lines.push(line) } } });
    logged.get('/api/broken', async () => {
      throw new Error('secret detail: /srv/credentials');
    });
    const response = await logged.inject({ method: 'GET', url: '/api/broken' });
    expect(response.statusCode).toBe(500);
    expect(errorOf(response)).toEqual({ code: 'internal', message: expect.any(String) });
    expect(response.body).not.toContain('secret');
    expect(lines.join('')).toContain('secret detail: /srv/credentials');
    await logged.close();
  });
});

describe('limits', () => {
  it('400 work-limit naming paths when paths × projected years is over the cap', async () => {
    const projectedYears = 2030 - shippedScenario('baseline').scenario.origin;
    const capped = buildApp({ limits: { maxPathYears: 1_000 * projectedYears } });
    const over = await postSimulation(capped, { scenario: 'baseline', paths: 1_001 });
    expect(over.statusCode).toBe(400);
    const error = errorOf(over);
    expect(error).toMatchObject({ code: 'work-limit', issues: [{ path: ['paths'] }] });
    expect(error.message).toContain('at most 1000 paths');
    // the cap counts years: a shorter horizon allows more paths
    expect((await postSimulation(capped, { scenario: 'baseline', paths: 1_000 })).statusCode).toBe(200);
    expect((await postSimulation(capped, { scenario: 'baseline', paths: 2_000, horizon: 2027 })).statusCode).toBe(200);
    await capped.close();
  });

  it('503 timeout past the time limit, and the run stops computing', async () => {
    // the limit runs from when a worker begins the run; a pool whose thread has resolved the
    // scenario once, so 200 ms is computing: the first chunks of 120,000 paths (≈ 0.5 s in all on
    // an idle machine with the WebAssembly kernel, which finished 100,000 paths inside 500 ms)
    const pool = createComputePool({ threads: 1 });
    const warm = buildApp({ compute: pool });
    expect((await postSimulation(warm, { scenario: 'baseline', paths: 10 })).statusCode).toBe(200);
    const hasty = buildApp({ compute: pool, limits: { runTimeoutMs: 200 } });
    const response = await postSimulation(hasty, { scenario: 'baseline', paths: 120_000 });
    expect(response.statusCode).toBe(503);
    expect(errorOf(response)).toMatchObject({ code: 'timeout', message: expect.stringContaining('after 200 ms') });
    expect(response.headers['retry-after']).toBeUndefined(); // the same request would time out again
    const { runs } = (await hasty.inject({ method: 'GET', url: '/api/health' })).json();
    expect(runs).toMatchObject({ active: 0, timedOut: 1, completed: 0 });
    expect(runs.pathsSimulated).toBeGreaterThan(0);
    expect(runs.pathsSimulated).toBeLessThan(120_000);
    await Promise.all([hasty.close(), warm.close()]);
    await pool.close();
  });

  it('503 busy past the number of runs at once', async () => {
    const single = buildApp({ limits: { maxConcurrentRuns: 1 } });
    const first = postSimulation(single, { scenario: 'baseline', paths: 20_000 });
    await untilActive(single);
    const second = await postSimulation(single, { scenario: 'baseline', paths: 10 });
    expect((await first).statusCode).toBe(200);
    expect(second.statusCode).toBe(503);
    expect(errorOf(second).code).toBe('busy');
    expect(second.headers['retry-after']).toBe(String(BUSY_RETRY_AFTER_SECONDS)); // refused early: worth retrying, soon
    expect((await postSimulation(single, { scenario: 'baseline', paths: 10 })).statusCode).toBe(200); // the slot is free again
    await single.close();
  });

  it('400 for a body nested deeper than the limit, before anything recurses into it', async () => {
    const deep = `{"scenario":"baseline","overrides":{"westernWedge":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    const response = await app.inject({ method: 'POST', url: '/api/simulations', payload: deep, headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toContain('deeper than 32 levels');
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document generated from the zod schemas, whose every $ref resolves', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/backtest',
      '/api/compare',
      '/api/health',
      '/api/scenarios',
      '/api/scenarios/{id}',
      '/api/sensitivity',
      '/api/simulations',
      '/api/sweeps',
    ]);
    const refs = [...response.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs).toEqual(expect.arrayContaining(['ScenarioInput', 'Scenario', 'SimulationResult', 'ErrorResponse']));
    for (const ref of refs) expect(document.components.schemas[ref], ref).toBeDefined();
    const post = document.paths['/api/simulations'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '404', '413', '415', '422', '503']);
    // the analyses: their own request and result schemas (src/analysis), named, every field described
    for (const [path, name] of [
      ['/api/compare', 'Compare'],
      ['/api/sensitivity', 'Sensitivity'],
      ['/api/backtest', 'Backtest'],
      ['/api/sweeps', 'Sweep'],
    ] as const) {
      const operation = document.paths[path].post;
      expect(Object.keys(operation.responses).sort(), path).toEqual(['200', '400', '404', '413', '415', '422', '503']);
      expect(JSON.stringify(operation.requestBody), path).toContain(`#/components/schemas/${name}RequestInput`);
      expect(JSON.stringify(operation.responses['200']), path).toContain(`#/components/schemas/${name}Result`);
      expect(refs, path).toEqual(expect.arrayContaining([`${name}RequestInput`, `${name}Result`]));
    }
    expect(Object.keys(document.components.schemas.SensitivityRequestInput.properties)).toEqual(
      expect.arrayContaining(['scenario', 'overrides', 'method', 'output', 'samples', 'innerPaths', 'grouping', 'resamples', 'seed']),
    );
    // scenario knobs carry the descriptions written in the zod schema
    expect(JSON.stringify(document.components.schemas.ScenarioInput)).toContain('A number, or a mathjs expression of the scenario knobs');
  });

  it('serves a plain page at /api/docs listing every operation', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const path of ['/api/health', '/api/scenarios', '/api/scenarios/{id}', '/api/simulations', '/api/compare', '/api/sensitivity', '/api/backtest', '/api/sweeps'])
      expect(page.body).toContain(`<code>${path}</code>`);
    expect(page.body).not.toContain('<script');
  });
});

describe('closing', () => {
  it('lets a run in flight finish, and its answer ends the connection', async () => {
    const closing = buildApp();
    const inFlight = postSimulation(closing, { scenario: 'baseline', paths: 20_000 });
    await untilActive(closing);
    const closed = closing.close();
    const response = await inFlight;
    expect(response.statusCode).toBe(200);
    expect(response.json().paths).toBe(20_000);
    expect(response.headers.connection).toBe('close');
    await closed;
  });

  it('answers a request whose headers arrive while it closes with 503 busy in the error shape', async () => {
    const { app: closing, url } = await listeningApp();
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /api/health HTTP/1.1\r\n'); // a request under way: its connection is not idle
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = closing.close();
    await new Promise((resolve) => setTimeout(resolve, 50)); // its preClose hooks have run
    socket.write('Host: localhost\r\n\r\n');
    await ended;
    expect(received).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(received).toContain('retry-after: 1');
    expect(received).toContain('x-frame-options: DENY');
    expect(received).toContain('{"error":{"code":"busy","message":"this server is shutting down; try again in a moment"}}');
    await closed;
  });
});
