import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser as PlaywrightBrowser } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryBlock } from '../../src/scenario/history.js';
import { projectRoot, shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import { expectSameJsonBytes } from '../jsonDifference.js';
import { spawnServer, type ServerProcess } from '../server/serverHarness.js';
import { observationText, type PageObservation } from '../../web/src/pageState.js';
import { FIREFOX, launchChromium, pageLink, requireBuiltPage, waitForUpdate, type PageProbe } from './pageHarness.js';
import { createQuickJsEngine, type QuickJsEngine } from './quickjs/quickJsEngine.js';

// Four JavaScript engines, one answer: for every shipped scenario the JSON of a run is the same
// bytes from the CLI on Node (V8), the page in chromium (V8, another libm), the page in Firefox
// (SpiderMonkey) and the page's code in QuickJS (its own libm). The CLI is the reference; the
// API, which runs the same Node code, shows the comparison itself is sound.

const SEED = 2030;
/** 20,000 is the most the page computes itself (WORKER_MAX_PATHS); 1,000 runs in one worker, 20,000 in two. */
const PATH_COUNTS = [1_000, 20_000] as const;
/** Every scenario the project ships, from its folder (a test checks the API serves the same list). */
const SCENARIOS = readdirSync(shippedScenariosDir())
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => name.slice(0, -'.yaml'.length))
  .sort();

const root = projectRoot();
const run = promisify(execFile);

interface Run {
  readonly scenario: string;
  readonly paths: number;
  readonly seed: number;
  /** what happened, entered as on the page ("what happened") and as --observe */
  readonly observations?: readonly PageObservation[];
}

/** A driver pinned (oil price, regime) and an outcome weighting the paths (turnover), in the two workers. */
const OBSERVED: Run = {
  scenario: 'baseline',
  paths: 5_000,
  seed: SEED,
  observations: [
    { name: 'oilPrice', year: 2026, value: 62 },
    { name: 'regime', year: 2027, value: 'escalation' },
    { name: 'turnover', year: 2026, value: 225 },
  ],
};

const runKey = (spec: Run) => `${spec.scenario}/${spec.paths}/${spec.seed}/${(spec.observations ?? []).map(observationText).join(',')}`;

/** What one engine took for one run: wall time of the whole step, and the model's share where known. */
interface Timing {
  readonly engine: string;
  readonly scenario: string;
  readonly paths: number;
  readonly wallMs: number;
  readonly modelMs?: number;
}
const timings: Timing[] = [];

let server: ServerProcess;

beforeAll(async () => {
  requireBuiltPage();
  server = await spawnServer();
});

afterAll(async () => {
  await Promise.allSettled([chromium.started?.then((browser) => browser.close()), firefox.started?.then((browser) => browser.close())]);
  server?.child.kill('SIGTERM');
  if (timings.length > 0) console.log(timingTable(timings));
});

/** Starts a thing the first time it is asked for; a failure fails each test that needs it, not the file. */
function lazily<T>(start: () => Promise<T>): { (): Promise<T>; started?: Promise<T> } {
  const get: { (): Promise<T>; started?: Promise<T> } = () => (get.started ??= start());
  return get;
}

/** Makes each value once per key (the reference bytes of a run, a scenario's document). */
function cachedBy<I, T>(keyOf: (input: I) => string, make: (input: I) => Promise<T>): (input: I) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (input) => {
    const key = keyOf(input);
    if (!cache.has(key)) cache.set(key, make(input));
    return cache.get(key)!;
  };
}

/** How long it took to start what the runs need (bundling, browser launches), for the table. */
const setupTimings: { what: string; ms: number }[] = [];
async function timedSetup<T>(what: string, start: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await start();
  setupTimings.push({ what, ms: performance.now() - started });
  return value;
}

async function timed<T>(engine: string, spec: Run, step: () => Promise<{ value: T; modelMs?: number }>): Promise<T> {
  const started = performance.now();
  const { value, modelMs } = await step();
  timings.push({ engine, scenario: spec.scenario, paths: spec.paths, wallMs: performance.now() - started, ...(modelMs === undefined ? {} : { modelMs }) });
  return value;
}

// — (a) the CLI on Node: the reference —

const cliJson = cachedBy(runKey, (spec) =>
  timed('cli (node)', spec, async () => {
    const observe = (spec.observations ?? []).flatMap((observation) => ['--observe', observationText(observation)]);
    const args = ['run', spec.scenario, '--paths', String(spec.paths), '--seed', String(spec.seed), ...observe, '--format', 'json'];
    const { stdout } = await run(process.execPath, [join(root, 'bin', 'tradecast.js'), ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return { value: stdout };
  }),
);

// — the API: the same Node code behind HTTP —

/**
 * POST over a connection of its own (`agent: false`). QuickJS runs synchronously in this process
 * for seconds at a time; a pooled keep-alive socket the server closed meanwhile (after its 5 s
 * keep-alive) was then reused before this process could read the close: "other side closed".
 */
function postOnOwnConnection(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function apiJson(spec: Run): Promise<string> {
  return timed('api (node)', spec, async () => {
    const body = JSON.stringify({ scenario: spec.scenario, paths: spec.paths, seed: spec.seed, ...(spec.observations ? { observations: spec.observations } : {}) });
    const { status, text } = await postOnOwnConnection(`${server.url}/api/simulations`, body);
    if (status !== 200) throw new Error(`POST /api/simulations answered ${status}: ${text}`);
    return { value: text };
  });
}

/** What a page shows about a run, and the bytes of its JSON download. */
interface PageRun {
  readonly json: string;
  readonly probe: PageProbe;
  readonly crossOriginIsolated: boolean;
  readonly errors: readonly string[];
}

function expectComputedInThePage(page: PageRun): void {
  expect.soft(page.probe.error).toBeNull();
  expect.soft(page.probe.lastWhere, 'where the projection was computed').toBe('page');
  expect.soft(page.crossOriginIsolated, 'crossOriginIsolated (two workers share memory)').toBe(true);
  expect.soft(page.probe.lastKernel, 'the kernel the page ran (WebAssembly, under the page’s CSP)').toBe('wasm');
  expect.soft(page.errors, 'errors in the page').toEqual([]);
}

// — (b) the page in Debian's chromium (V8), via playwright —

const chromium = lazily<PlaywrightBrowser>(() => timedSetup('chromium launch', launchChromium));

async function chromiumPage(spec: Run): Promise<PageRun> {
  const browser = await chromium();
  return timed('chromium page', spec, async () => {
    const page = await browser.newPage();
    try {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pageLink(server.url, spec));
      const probe = await waitForUpdate(page, 0);
      const crossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
      const json = readFileSync((await download.path())!, 'utf8');
      return { value: { json, probe, crossOriginIsolated, errors }, modelMs: probe.lastComputeMs };
    } finally {
      await page.close();
    }
  });
}

// — (c) the page in Debian's firefox-esr (SpiderMonkey), via puppeteer over WebDriver BiDi —

// puppeteer gives Firefox a fresh profile in the temp folder (its prefs keep it off the network)
// and --headless; as root with no display that is all it needs.
const firefox = lazily<PuppeteerBrowser>(async () => {
  if (!existsSync(FIREFOX)) throw new Error(`no browser at ${FIREFOX}: install Debian's firefox-esr (apt-get install -y firefox-esr)`);
  return timedSetup('firefox launch', () => puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true }));
});

async function firefoxPage(spec: Run): Promise<PageRun> {
  const browser = await firefox();
  return timed('firefox page', spec, async () => {
    // a context per run, each with its own download folder: the file name repeats across sizes
    const downloads = mkdtempSync(join(tmpdir(), 'tradecast-firefox-downloads-'));
    const context = await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(pageLink(server.url, spec));
      await page.waitForFunction(() => ((window as unknown as { tradecast?: PageProbe }).tradecast?.updates ?? 0) > 0, { timeout: 60_000 });
      const probe = await page.evaluate(() => (window as unknown as { tradecast: PageProbe }).tradecast);
      const crossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated);
      await page.click('#download-json');
      const json = await downloadedText(downloads, `${spec.scenario}-seed${spec.seed}.json`);
      return { value: { json, probe, crossOriginIsolated, errors }, modelMs: probe.lastComputeMs };
    } finally {
      await context.close();
      rmSync(downloads, { recursive: true, force: true });
    }
  });
}

/** The text of a download once Firefox has finished it (it writes to `<name>.part` until then). */
async function downloadedText(folder: string, name: string, timeoutMs = 30_000): Promise<string> {
  const file = join(folder, name);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const finished = existsSync(file) && statSync(file).size > 0 && !readdirSync(folder).some((entry) => entry.endsWith('.part'));
    if (finished) return readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no finished download ${name} in ${folder} after ${timeoutMs} ms (found: ${readdirSync(folder).join(', ') || 'nothing'})`);
}

// — (d) the page's code bundled into one script, in QuickJS —

const quickJs = lazily<QuickJsEngine>(() => timedSetup('quickjs: bundle with vite, load the wasm', createQuickJsEngine));

/** A scenario and its history as GET /api/scenarios/:id serves them to the page. */
const scenarioDocument = cachedBy(String, async (id: string) => {
  const response = await fetch(`${server.url}/api/scenarios/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`GET /api/scenarios/${id} answered ${response.status}`);
  return (await response.json()) as { id: string; scenario: unknown; history: HistoryBlock };
});

/** QuickJS has no WebAssembly: the page's code falls back to the TypeScript kernel there, so the engines compare both kernels. */
async function quickJsJson(spec: Run): Promise<string> {
  const [engine, document] = await Promise.all([quickJs(), scenarioDocument(spec.scenario)]);
  return timed('quickjs', spec, async () => {
    const outcome = engine.runToJson({
      scenarioId: document.id,
      scenario: document.scenario,
      history: document.history,
      overrides: {},
      ...(spec.observations ? { observations: spec.observations } : {}),
      paths: spec.paths,
      seed: spec.seed,
    });
    expect.soft(outcome.kernel, 'the kernel QuickJS ran (no WebAssembly there)').toBe('ts');
    return { value: outcome.json, modelMs: outcome.runMs };
  });
}

describe('four JavaScript engines, one answer', () => {
  it('covers every scenario the API serves', async () => {
    const listed = (await (await fetch(`${server.url}/api/scenarios`)).json()) as { scenarios: { id: string }[] };
    expect(listed.scenarios.map((s) => s.id).sort()).toEqual(SCENARIOS);
    expect(SCENARIOS.length).toBeGreaterThan(0);
  });

  const cases = [...SCENARIOS.flatMap((scenario) => PATH_COUNTS.map((paths): Run => ({ scenario, paths, seed: SEED }))), OBSERVED];
  for (const spec of cases) {
    const observed = spec.observations ? `, observing ${spec.observations.map(observationText).join(' ')}` : '';
    describe(`${spec.scenario}, ${spec.paths.toLocaleString('en-US')} paths, seed ${spec.seed}${observed}`, () => {
      it('the API sends the bytes the CLI prints', async () => {
        const [expected, actual] = await Promise.all([cliJson(spec), apiJson(spec)]);
        expectSameJsonBytes(actual, expected, 'the API', 'the CLI');
      });

      it("chromium's page downloads the bytes the CLI prints", async () => {
        const expected = await cliJson(spec);
        const page = await chromiumPage(spec);
        expectComputedInThePage(page);
        expectSameJsonBytes(page.json, expected, "chromium's page", 'the CLI');
      });

      it("firefox's page downloads the bytes the CLI prints", async () => {
        const expected = await cliJson(spec);
        const page = await firefoxPage(spec);
        expectComputedInThePage(page);
        expectSameJsonBytes(page.json, expected, "firefox's page", 'the CLI');
      });

      it("QuickJS, running the page's code, writes the bytes the CLI prints", async () => {
        const expected = await cliJson(spec);
        expectSameJsonBytes(await quickJsJson(spec), expected, 'QuickJS', 'the CLI');
      });
    });
  }
});

function timingTable(rows: readonly Timing[]): string {
  const lines = rows.map(
    (row) =>
      `${row.engine.padEnd(14)} ${row.scenario.padEnd(13)} ${row.paths.toLocaleString('en-US').padStart(6)} ${row.wallMs.toFixed(0).padStart(8)} ${row.modelMs === undefined ? '' : row.modelMs.toFixed(0).padStart(8)}`,
  );
  const setup = setupTimings.map((row) => `${row.what}: ${row.ms.toFixed(0)} ms`);
  const header = `${'engine'.padEnd(14)} ${'scenario'.padEnd(13)} ${'paths'.padStart(6)} ${'wall'.padStart(8)} ${'model'.padStart(8)}`;
  return [...setup, 'engine timings (ms): wall is the whole step (a page load and download, QuickJS loading the script), model the run itself', header, ...lines].join('\n');
}
