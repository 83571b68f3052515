import { mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/scenario/projectPaths.js';
import { expectSameJsonBytes } from '../jsonDifference.js';
import { spawnServer, type ServerProcess } from '../server/serverHarness.js';
import { launchChromium, probeOf, requireBuiltPage, waitForUpdate, type PageProbe } from './pageHarness.js';

const root = projectRoot();

let server: ServerProcess;
let browser: Browser;

/** Share of the fan chart's pixels that are not background: > 0 means something was drawn. */
const inkOnCanvas = (page: Page, id: string) =>
  page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) ink++;
    return ink / (data.length / 4);
  }, id);

/** Collects the page's Content-Security-Policy violations from its first script on. */
const recordCspViolations = (page: Page) =>
  page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

const probability = (page: Page, id: string) => page.locator(`[data-target-id="${id}"] .probability`).innerText();

beforeAll(async () => {
  requireBuiltPage();
  server = await spawnServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
});

/** A step of the user's session that later checks build on; it runs once, when first needed. */
interface Step<T> {
  (): Promise<T>;
  readonly title: string;
}

function step<T>(title: string, run: () => Promise<T>): Step<T> {
  let started: Promise<T> | undefined;
  return Object.assign(() => (started ??= run()), { title });
}

/** Awaits an earlier step; if it failed, this check fails saying which step and why, not with a time-out of its own. */
async function after<T>(earlier: Step<T>): Promise<T> {
  try {
    return await earlier();
  } catch (error) {
    throw new Error(`needs "${earlier.title}", which failed: ${(error as Error).message}`, { cause: error });
  }
}

describe('the page, in a real browser against the real server', () => {
  // One user's session on one page: the checks below run in order on it, and each one that needs
  // an earlier step (the page open, the slider moved) awaits that step, so when a step fails its
  // own check reports why and the checks that need it say so, while the others still run.
  const pageErrors: string[] = [];

  const opened = step('open the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await recordCspViolations(page);
    const served = await page.goto(`${server.url}/`);
    const first = await waitForUpdate(page, 0);
    return { page, csp: served?.headers()['content-security-policy'] ?? '', first };
  });

  // the long-run oil price down by keyboard, ten steps of 1 US$/bbl, one update per key
  const sliderMoved = step('move the oil price slider', async () => {
    const { page } = await opened();
    const before = await probability(page, 'turnover-300bn-2030');
    await page.locator('#knob-oilLongRun').focus();
    const timings: number[] = [];
    const model: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { updates } = await probeOf(page);
      await page.keyboard.press('ArrowLeft');
      const probe = await waitForUpdate(page, updates);
      timings.push(probe.lastUpdateMs);
      model.push(probe.lastComputeMs);
    }
    return { before, after: await probability(page, 'turnover-300bn-2030'), timings, model };
  });

  it('serves the page under its CSP and draws every chart from two workers sharing memory', async () => {
    const { page, csp, first } = await opened();
    expect(csp).toContain("script-src 'self'");
    expect(first.error).toBeNull();
    expect(first.lastWhere).toBe('page');
    await expect(page.evaluate(() => globalThis.crossOriginIsolated)).resolves.toBe(true);
    for (const id of ['fan-chart', 'share-chart', 'regime-chart']) expect(await inkOnCanvas(page, id), id).toBeGreaterThan(0.01);
    expect(await probability(page, 'turnover-300bn-2030')).toMatch(/^\d+\.\d%$/);
    await expect(page.locator('#fan-note').innerText()).resolves.toContain('10,000 paths · seed 2030');
  });

  it('updates the projection on every step of a slider, and says how long each took', async () => {
    const { page } = await after(opened);
    const { before, after: moved, timings, model } = await sliderMoved();
    await expect(page.locator('#knob-oilLongRun-value').innerText()).resolves.toContain('60');
    expect(moved).not.toBe(before);
    expect(Number.parseFloat(moved)).toBeLessThan(Number.parseFloat(before));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `slider → charts at 10,000 paths: median ${median(timings).toFixed(0)} ms, min ${Math.min(...timings).toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms over ${timings.length} moves` +
        ` (model in the workers: median ${median(model).toFixed(0)} ms)`,
    );
  });

  it('reopens the same view from the shared link', async () => {
    const { page } = await after(opened);
    const { after: moved } = await after(sliderMoved);
    const shared = page.url();
    expect(shared).toContain('k.oilLongRun=60');
    const reopened = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
    try {
      await reopened.goto(shared);
      await waitForUpdate(reopened, 0);
      await expect(reopened.locator('#knob-oilLongRun').inputValue()).resolves.toBe('60');
      await expect(probability(reopened, 'turnover-300bn-2030')).resolves.toBe(moved);
    } finally {
      await reopened.close();
    }
  });

  it('downloads the numbers as CSV and JSON and the chart as PNG; the JSON is the bytes the API sends for the same inputs', async () => {
    const { page } = await after(opened);
    await after(sliderMoved);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(csv.suggestedFilename()).toBe('baseline-seed2030.csv');
    expect(readFileSync((await csv.path())!, 'utf8').split('\n')[0]).toBe('series,unit,year,mean,p5,p25,p50,p75,p95');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const fromPage = readFileSync((await json.path())!, 'utf8');
    expect(JSON.parse(fromPage)).toMatchObject({ scenario: 'baseline', seed: 2030, paths: 10_000 });
    // computed in the page by two workers, yet the same bytes as the API for the same inputs
    const fromApi = await fetch(`${server.url}/api/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'baseline', overrides: { oilLongRun: 60 }, paths: 10_000, seed: 2030 }),
    });
    expectSameJsonBytes(await fromApi.text(), fromPage, 'the API', "the page's download");
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
  });

  it('pins a projection, switches scenario, and shows both with their paired difference', async () => {
    const { page } = await after(opened);
    let { updates } = await probeOf(page);
    await page.click('#pin');
    await waitForUpdate(page, updates);
    ({ updates } = await probeOf(page));
    await page.selectOption('#scenario', 'escalation');
    await waitForUpdate(page, updates);
    await expect(page.locator('#difference-figure').isVisible()).resolves.toBe(true);
    expect(await inkOnCanvas(page, 'difference-chart')).toBeGreaterThan(0.01);
    await expect(page.locator('#difference-note').innerText()).resolves.toMatch(/paired s\.e\./);
    await expect(page.locator('[data-target-id="turnover-300bn-2030"] .target-detail').innerText()).resolves.toMatch(/vs pinned \d+\.\d%/);
    expect(page.url()).toContain('pin.scenario=baseline');
  });

  it('ranks the assumptions by their Sobol indices from the server, as a tornado', async () => {
    const { page } = await after(opened);
    await page.click('#tornado-run');
    await page.waitForFunction(() => (document.getElementById('tornado-note')?.textContent ?? '').startsWith('Sobol indices'), undefined, { timeout: 60_000 });
    expect(await inkOnCanvas(page, 'tornado-chart')).toBeGreaterThan(0.01);
  });

  it('saves a screenshot of the whole page for the docs', async () => {
    const { page } = await after(opened);
    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'screenshot.png'), fullPage: true });
  });

  it('blocked nothing the page did under its CSP, and the page threw no error, through all of the above', async () => {
    const { page } = await after(opened);
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows a visible error, not a blank chart, when the API refuses a request', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/?scenario=baseline&paths=1000000&seed=1`);
      await page.waitForFunction(() => (window as unknown as { tradecast?: PageProbe }).tradecast?.error != null, undefined, { timeout: 60_000 });
      const alert = page.locator('#error');
      await expect(alert.isVisible()).resolves.toBe(true);
      await expect(alert.innerText()).resolves.toMatch(/refused this request \(400\).*paths/s);
    } finally {
      await page.close();
    }
  });
});

describe('CORS, in a real browser', () => {
  let dashboard: Server; // another site: a blank page on its own origin
  let dashboardOrigin: string;
  let listing: ServerProcess; // a server that lists the dashboard's origin in TRADECAST_CORS_ORIGINS

  beforeAll(async () => {
    dashboard = createHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>dashboard</title>'));
    await new Promise<void>((resolve) => dashboard.listen(0, '127.0.0.1', resolve));
    dashboardOrigin = `http://127.0.0.1:${(dashboard.address() as AddressInfo).port}`;
    listing = await spawnServer({ TRADECAST_CORS_ORIGINS: dashboardOrigin });
  });

  afterAll(() => {
    listing?.child.kill('SIGTERM');
    dashboard?.close();
  });

  /** From the dashboard's page: a JSON POST (preflighted) to a server's /api/simulations. */
  const simulateFrom = (page: Page, serverBase: string) =>
    page.evaluate(async (target) => {
      try {
        const response = await fetch(`${target}/api/simulations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ scenario: 'baseline', paths: 200, seed: 1 }),
        });
        return `${response.status} paths=${((await response.json()) as { paths: number }).paths}`;
      } catch (error) {
        return `blocked (${(error as Error).name})`;
      }
    }, serverBase);

  it('lets a listed origin call the API across origins, and keeps the answer of a default server from it', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboardOrigin}/`);
    await expect(simulateFrom(page, listing.url)).resolves.toBe('200 paths=200');
    await expect(simulateFrom(page, server.url)).resolves.toBe('blocked (TypeError)'); // the default: same origin only
  });
});
