import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUES_LISTED } from '../../src/server/apiProblem.js';
import { MAX_OVERRIDES } from '../../src/scenario/mergeScenario.js';
import { SECURITY_HEADERS } from '../../src/server/securityHeaders.js';
import { root, tradecast } from '../cli/cliHarness.js';
import { baselineWithSectors, preparedRun, shipped } from '../helpers.js';
import { rawRequest } from '../server/rawHttp.js';
import { spawnServer, type ServerProcess } from '../server/serverHarness.js';

/**
 * The attacks a review made against the server and the command line (loopback, bounded loops),
 * each reproduced as it was made, with what must now happen. Timing bounds are stated with the
 * figure measured here; the machine is shared, so they leave a wide margin.
 */

let server: ServerProcess;
beforeAll(async () => (server = await spawnServer({ TRADECAST_THREADS: '2' })));
afterAll(() => server.child.kill('SIGKILL'));

const post = (path: string, body: unknown, url = server.url) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const runCounts = async (url = server.url) => ((await (await fetch(`${url}/api/health`)).json()) as { runs: { active: number; completed: number; pathsSimulated: number } }).runs;

/**
 * Times `GET /api/health` every 20 ms while `attack` runs: the 99th percentile and the slowest,
 * ms. The server is another process, so this process's own waiting does not count.
 */
async function healthDuring<T>(attack: () => Promise<T>): Promise<{ result: T; p99: number; max: number }> {
  const latencies: number[] = [];
  let going = true;
  const probe = (async () => {
    while (going) {
      const started = performance.now();
      await (await fetch(`${server.url}/api/health`)).arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const result = await attack();
  going = false;
  await probe;
  latencies.sort((a, b) => a - b);
  return { result, p99: latencies[Math.floor(0.99 * (latencies.length - 1))] ?? 0, max: latencies.at(-1) ?? 0 };
}

/** The 99th percentile of health under an attack may reach this (measured 5–60 ms here; the load test holds the 100 ms bound). */
const HEALTH_P99_UNDER_ATTACK_MS = 250;

describe('the attack corpus', () => {
  it('1. an inline scenario of 1,250 small sectors (≈ 1 MB) with 4,096 or 100,000 paths, or a Morris screen of it, is refused before it allocates, and health stays fast', async () => {
    const scenario = baselineWithSectors(1_245); // 1,250 sectors in all (size 250): a body of ≈ 1 MB, just under the limit
    const rssBefore = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1]) / 1024;
    const { result, p99 } = await healthDuring(() =>
      Promise.all([post('/api/simulations', { scenario, paths: 4_096 }), post('/api/simulations', { scenario, paths: 100_000 }), post('/api/sensitivity', { scenario, method: 'morris', samples: 2 })]),
    );
    for (const response of result) {
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string; issues: { path: string[] }[] } }).error).toMatchObject({ code: 'work-limit' });
    }
    console.log(`attack 1: refused; health p99 ${p99.toFixed(1)} ms meanwhile`);
    expect(p99).toBeLessThan(HEALTH_P99_UNDER_ATTACK_MS);
    // nothing large was allocated: the process grew by the bodies and their scenarios, not by gigabytes
    const rssAfter = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1]) / 1024;
    expect(rssAfter - rssBefore).toBeLessThan(400);
    expect((await runCounts()).active).toBe(0);
  });

  it('2. a Sobol bootstrap of 15,000 samples × 10,000 resamples is counted and refused; one under way stops at its time limit, and a second SIGTERM exits at once', async () => {
    const refused = await post('/api/sensitivity', { scenario: 'baseline', output: 'turnover@2026', samples: 15_000, resamples: 10_000 });
    expect(refused.status).toBe(400);
    // k factors: the baseline's uncertain parameters and the shocks
    const k = preparedRun(shipped('baseline'), { paths: 1 }).plan.parameters.filter((p) => p.distribution.dist !== 'fixed').length + 1;
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(`plus the bootstrap: samples × resamples × (k + 1) ÷ 512 = 15000 × 10000 × ${k + 1} ÷ 512`);
    // a server whose caps let it through (as a command line would): it stops at the time limit,
    // within the stop grace, and a second SIGTERM ends the process at once
    const lax = await spawnServer({ TRADECAST_THREADS: '1', TRADECAST_MAX_PATH_YEARS: '20000000', TRADECAST_RUN_TIMEOUT_MS: '3000' });
    try {
      const started = performance.now();
      const timedOut = await post('/api/sensitivity', { scenario: 'baseline', output: 'turnover@2026', samples: 15_000, resamples: 10_000 }, lax.url);
      console.log(`attack 2: answered 503 after ${(performance.now() - started).toFixed(0)} ms (limit 3000 ms)`);
      expect(timedOut.status).toBe(503);
      expect(((await timedOut.json()) as { error: { code: string } }).error.code).toBe('timeout');
      // 3 s limit + at most 1 s stop grace (measured ≈ 3.1 s: the bootstrap reads its cancel within one resample)
      expect(performance.now() - started).toBeLessThan(3_000 + 1_000 + 2_000);
      void post('/api/sensitivity', { scenario: 'baseline', output: 'turnover@2026', samples: 15_000, resamples: 10_000 }, lax.url).catch(() => undefined);
      while ((await runCounts(lax.url)).active === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // well into the bootstrap
      lax.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = performance.now();
      lax.child.kill('SIGTERM');
      expect(await lax.exited).toEqual({ code: 1, signal: null });
      console.log(`attack 2: exited ${(performance.now() - second).toFixed(0)} ms after the second SIGTERM`);
      expect(performance.now() - second).toBeLessThan(1_000); // measured ≈ 100–350 ms
    } finally {
      lax.child.kill('SIGKILL');
    }
  });

  it('3. 16,000 override keys knobs.kN.value (a 389 KB body) are refused at once with one issue, and 200 wrong ones get a bounded error body', async () => {
    const overrides = Object.fromEntries(Array.from({ length: 16_000 }, (_, i) => [`knobs.k${i}.value`, i]));
    const { result, p99 } = await healthDuring(async () => {
      const started = performance.now();
      const response = await post('/api/simulations', { scenario: 'baseline', overrides });
      return { response, ms: performance.now() - started, text: await response.text() };
    });
    expect(result.response.status).toBe(400);
    console.log(`attack 3: refused in ${result.ms.toFixed(0)} ms; health p99 ${p99.toFixed(1)} ms meanwhile`);
    expect(result.ms).toBeLessThan(3_000); // measured ≈ 100 ms; it took 44 s
    expect(JSON.parse(result.text)).toEqual({
      error: { code: 'invalid-scenario', message: expect.stringContaining(`16000 overrides; at most ${MAX_OVERRIDES}`), issues: [expect.objectContaining({ file: 'overrides' })] },
    });
    expect(p99).toBeLessThan(HEALTH_P99_UNDER_ATTACK_MS);
    // the most overrides taken, every one a new knob missing its fields: hundreds of issues, ISSUES_LISTED of them listed
    const many = Object.fromEntries(Array.from({ length: MAX_OVERRIDES }, (_, i) => [`knobs.k${i}.value`, i]));
    const listed = await post('/api/simulations', { scenario: 'baseline', overrides: many });
    const text = await listed.text();
    const error = (JSON.parse(text) as { error: { message: string; issues: unknown[] } }).error;
    expect(error.issues).toHaveLength(ISSUES_LISTED);
    expect(error.message).toMatch(/\(and \d{3,} more issues\)$/);
    expect(text.length).toBeLessThan(30_000); // it was 10 MB
  });

  it('4. connections that send their headers slowly, or headers and no body, are cut at the request timeout, and a flood of them cannot shut out new clients for longer', async () => {
    const guarded = await spawnServer({ TRADECAST_REQUEST_TIMEOUT_MS: '1000', TRADECAST_MAX_CONNECTIONS: '16' });
    try {
      const { hostname, port } = new URL(guarded.url);
      // 40 connections: each sends a request line and waits (slow headers), or its headers and no body
      const flood = Array.from({ length: 40 }, (_, i) =>
        rawRequest(
          guarded.url,
          i % 2 === 0 ? 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n' : 'POST /api/simulations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n',
          10_000,
        ),
      );
      const answers = await Promise.all(flood);
      // 16 held a slot until the timeout cut them (408 in the error shape); the rest were closed at once
      const cut = answers.filter((answer) => answer.status === 408);
      expect(cut.length).toBeGreaterThan(0);
      expect(cut.length).toBeLessThanOrEqual(16);
      for (const answer of cut) expect(answer.ms).toBeLessThan(1_000 + 1_000 + 2_000); // timeout + a check interval (measured ≈ 1.0–1.9 s)
      expect(answers.filter((answer) => answer.status === 0 && answer.ms < 1_000).length).toBe(40 - cut.length);
      // and a client that comes after is served
      expect((await fetch(`http://${hostname}:${port}/api/health`)).status).toBe(200);
    } finally {
      guarded.child.kill('SIGKILL');
    }
  });

  it('5. 16 clients looping on GET /api/scenarios for 3 s: every listing from the cache, health fast', async () => {
    const until = performance.now() + 3_000;
    let listings = 0;
    const { p99 } = await healthDuring(() =>
      Promise.all(
        Array.from({ length: 16 }, async () => {
          while (performance.now() < until) {
            const response = await fetch(`${server.url}/api/scenarios`);
            expect(response.status).toBe(200);
            await response.arrayBuffer();
            listings++;
          }
        }),
      ),
    );
    console.log(`attack 5: ${listings} listings in 3 s; health p99 ${p99.toFixed(1)} ms meanwhile`);
    expect(listings).toBeGreaterThan(100); // measured ≈ 1,500–3,000 in 3 s; each read five files before
    expect(p99).toBeLessThan(HEALTH_P99_UNDER_ATTACK_MS); // measured ≈ 10–40 ms; it was p50 4.3 s
  });

  it('6. constructor(1) in an expression is a validation error: 400 invalid-scenario from the API, exit 2 and one line from the command line', async () => {
    const response = await post('/api/simulations', { scenario: 'baseline', overrides: { 'targets.0.expression': 'constructor(1)' }, paths: 10 });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error).toMatchObject({ code: 'invalid-scenario', message: expect.stringContaining('function "constructor" is not allowed') });
    const cli = await tradecast(['run', 'baseline', '--paths', '10', '--set', 'targets.0.expression=constructor(1)']);
    expect(cli.code).toBe(2);
    expect(cli.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^tradecast: --set targets\.0\.expression: targets\[0\]\.expression: function "constructor" is not allowed/)]);
    expect(cli.stderr).not.toContain('    at ');
  });

  it('7. --out never writes through a temporary name planted as a link, and leaves the JSON and CSV of one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-attack-out-'));
    const victim = join(mkdtempSync(join(tmpdir(), 'tradecast-attack-victim-')), 'victim');
    writeFileSync(victim, 'untouched');
    // the old writer's temporary name, for the next 300 pids the command could get
    for (let pid = process.pid; pid < process.pid + 300; pid++) symlinkSync(victim, join(dir, `.baseline.json.${pid}.tmp`));
    const runs = await Promise.all([1, 2].map((seed) => tradecast(['run', 'baseline', '--paths', '1000', '--seed', String(seed), '--out', dir, '--no-progress'])));
    for (const run of runs) expect(run.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    const json = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { seed: number; series: { turnover: { mean: number[] } } };
    const csv = readFileSync(join(dir, 'baseline.csv'), 'utf8');
    expect(csv).toContain(`turnover,USD bn,2030,${json.series.turnover.mean.at(-1)},`);
  });

  it('8. no leaks: a data path naming a folder shows no absolute path, extends cannot follow a link out of the folder, and another Host is refused', async () => {
    const folder = await post('/api/simulations', { scenario: { extends: 'baseline', data: { turnover: 'data' } }, paths: 10 });
    expect(folder.status).toBe(400);
    const text = await folder.text();
    expect(text).toContain('scenarios/data is not a file');
    expect(text).not.toContain(root);
    // the command line: a scenario whose parent is a link to a file outside its folder
    const outside = mkdtempSync(join(tmpdir(), 'tradecast-attack-outside-'));
    writeFileSync(join(outside, 'parent.yaml'), readFileSync(join(root, 'scenarios', 'baseline.yaml')));
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-attack-link-'));
    mkdirSync(join(dir, 'scenarios'));
    symlinkSync(join(outside, 'parent.yaml'), join(dir, 'scenarios', 'parent.yaml'));
    writeFileSync(join(dir, 'scenarios', 'child.yaml'), 'extends: ./parent.yaml\nname: child\n');
    const cli = await tradecast(['validate', join(dir, 'scenarios', 'child.yaml')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('is a link to a file outside the scenario');
    // DNS rebinding: a page on evil.example whose name points at this machine
    const rebound = await rawRequest(
      server.url,
      `POST /api/simulations HTTP/1.1\r\nHost: evil.example:${new URL(server.url).port}\r\nContent-Type: application/json\r\nContent-Length: 35\r\nConnection: close\r\n\r\n{"scenario":"baseline","paths":100}`,
    );
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: 'host-not-allowed' } });
  });

  it('9. a bad or over-long URL gets the error shape and the security headers; a regime named toString runs; __proto__ and constructor override keys are refused', async () => {
    for (const [line, status] of [
      ['GET /api/scenarios/%E0%A4%A HTTP/1.1', 400],
      ['GET /api/\x7f HTTP/1.1', 400],
      [`GET /api/scenarios/${'x'.repeat(4_000)} HTTP/1.1`, 414],
    ] as const) {
      const answer = await rawRequest(server.url, `${line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(answer.status, line.slice(0, 30)).toBe(status);
      expect(JSON.parse(answer.body)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers[name], name).toBe(value);
    }
    const baseline = shipped('baseline').scenario;
    const rename = (name: string) => (name === 'thaw' ? 'toString' : name);
    const states = Object.fromEntries(
      Object.entries(baseline.regimes.states).map(([name, regime]) => [
        rename(name),
        { ...regime, transition: Object.fromEntries(Object.entries(regime.transition).map(([to, p]) => [rename(to), p])) },
      ]),
    );
    const regimes = await post('/api/simulations', { scenario: { ...baseline, regimes: { ...baseline.regimes, states } }, paths: 100 });
    expect(regimes.status).toBe(200);
    expect(((await regimes.json()) as { regimes: { names: string[] } }).regimes.names).toContain('toString');
    for (const key of ['constructor', 'knobs.constructor.value', 'oil.prototype']) {
      const refused = await post('/api/simulations', { scenario: 'baseline', overrides: { [key]: 1 }, paths: 10 });
      expect(refused.status, key).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message, key).toContain(`cannot set "${key}"`);
    }
    // __proto__ as a JSON key never reaches the scenario: fastify refuses the body
    expect((await post('/api/simulations', '{"scenario":"baseline","overrides":{"__proto__":{"x":1}}}')).status).toBe(400);
  });

  it('10. a scenario with every number NaN prints its first ten problems and how many more, not 168 lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-attack-nan-'));
    const file = join(dir, 'nan.yaml');
    writeFileSync(file, readFileSync(join(root, 'scenarios', 'baseline.yaml'), 'utf8').replace(/(?<=[:,[]\s)-?\d+(\.\d+)?(?=\s*[,\]\n}])/g, '.nan'));
    const { code, stderr } = await tradecast(['run', file, '--paths', '10']);
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toMatch(/^tradecast: … and \d+ more \(--all-errors prints every one\)$/);
  });
});
