import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/scenario/projectPaths.js';

/** Debian's chromium; never a downloaded browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = projectRoot();

let server: ChildProcess;
let browser: Browser;
let base: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not come up at ${url}`);
}

interface Probe {
  updates: number;
  lastUpdateMs: number;
  lastComputeMs: number;
  lastWhere: string;
  error: string | null;
}
const probeOf = (page: Page) => page.evaluate(() => (window as unknown as { tradecast: Probe }).tradecast);

async function waitForUpdate(page: Page, after: number): Promise<Probe> {
  await page.waitForFunction((n) => (window as unknown as { tradecast?: Probe }).tradecast?.updates! > n, after, { timeout: 60_000 });
  return probeOf(page);
}

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
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  if (!existsSync(join(root, 'web', 'dist', 'index.html'))) throw new Error('web/dist is missing: run npm run build');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [join(root, 'dist', 'src', 'server', 'main.js')], { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  await waitForHealth(base);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

describe('the page, in a real browser against the real server', () => {
  it('draws the charts, updates when a slider moves, restores a shared link, and saves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await recordCspViolations(page);
    const served = await page.goto(`${base}/`);
    expect(served?.headers()['content-security-policy']).toContain("script-src 'self'"); // the page runs under the server's CSP
    const first = await waitForUpdate(page, 0);
    expect(first.error).toBeNull();
    expect(first.lastWhere).toBe('page');
    // cross-origin isolated: the run is split between two workers sharing memory
    await expect(page.evaluate(() => globalThis.crossOriginIsolated)).resolves.toBe(true);
    for (const id of ['fan-chart', 'share-chart', 'regime-chart']) expect(await inkOnCanvas(page, id), id).toBeGreaterThan(0.01);
    const before = await probability(page, 'turnover-300bn-2030');
    expect(before).toMatch(/^\d+\.\d%$/);
    await expect(page.locator('#fan-note').innerText()).resolves.toContain('10,000 paths · seed 2030');

    // move the long-run oil price down by keyboard (ten steps of 1 US$/bbl), one update per key
    const slider = page.locator('#knob-oilLongRun');
    await slider.focus();
    const timings: number[] = [];
    const model: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { updates } = await probeOf(page);
      await page.keyboard.press('ArrowLeft');
      const probe = await waitForUpdate(page, updates);
      timings.push(probe.lastUpdateMs);
      model.push(probe.lastComputeMs);
    }
    await expect(page.locator('#knob-oilLongRun-value').innerText()).resolves.toContain('60');
    const after = await probability(page, 'turnover-300bn-2030');
    expect(after).not.toBe(before);
    expect(Number.parseFloat(after)).toBeLessThan(Number.parseFloat(before));
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)]!;
    model.sort((a, b) => a - b);
    console.log(
      `slider → charts at 10,000 paths: median ${median.toFixed(0)} ms, min ${timings[0]!.toFixed(0)} ms, max ${timings.at(-1)!.toFixed(0)} ms over ${timings.length} moves` +
        ` (model in the workers: median ${model[Math.floor(model.length / 2)]!.toFixed(0)} ms)`,
    );

    // the link reopens the same view
    const shared = page.url();
    expect(shared).toContain('k.oilLongRun=60');
    const reopened = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
    await reopened.goto(shared);
    await waitForUpdate(reopened, 0);
    await expect(reopened.locator('#knob-oilLongRun').inputValue()).resolves.toBe('60');
    await expect(probability(reopened, 'turnover-300bn-2030')).resolves.toBe(after);

    // downloads: the numbers as CSV and JSON, the chart as PNG
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(csv.suggestedFilename()).toBe('baseline-seed2030.csv');
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.split('\n')[0]).toBe('series,unit,year,mean,p5,p25,p50,p75,p95');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const fromPage = readFileSync((await json.path())!, 'utf8');
    expect(JSON.parse(fromPage)).toMatchObject({ scenario: 'baseline', seed: 2030, paths: 10_000 });
    // computed in the page by two workers, yet the same bytes as the API for the same inputs
    const fromApi = await fetch(`${base}/api/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'baseline', overrides: { oilLongRun: 60 }, paths: 10_000, seed: 2030 }),
    });
    expect(await fromApi.text()).toBe(fromPage);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    // compare: pin this projection, switch to escalation, see both and the paired difference
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

    // which assumption matters most: Sobol indices from the server, as a tornado
    await page.click('#tornado-run');
    await page.waitForFunction(() => (document.getElementById('tornado-note')?.textContent ?? '').startsWith('Sobol indices'), undefined, { timeout: 60_000 });
    expect(await inkOnCanvas(page, 'tornado-chart')).toBeGreaterThan(0.01);

    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'screenshot.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]); // nothing the page does was blocked
  });

  it('shows a visible error, not a blank chart, when the API refuses a request', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/?scenario=baseline&paths=1000000&seed=1`);
    await page.waitForFunction(() => (window as unknown as { tradecast?: Probe }).tradecast?.error != null, undefined, { timeout: 60_000 });
    const alert = page.locator('#error');
    await expect(alert.isVisible()).resolves.toBe(true);
    await expect(alert.innerText()).resolves.toMatch(/refused this request \(400\).*paths/s);
  });
});

describe('CORS, in a real browser', () => {
  let dashboard: Server; // another site: a blank page on its own origin
  let dashboardOrigin: string;
  let listing: ChildProcess; // a server that lists the dashboard's origin in TRADECAST_CORS_ORIGINS
  let listingBase: string;

  beforeAll(async () => {
    dashboard = createHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>dashboard</title>'));
    const dashboardPort = await freePort();
    await new Promise<void>((resolve) => dashboard.listen(dashboardPort, '127.0.0.1', resolve));
    dashboardOrigin = `http://127.0.0.1:${dashboardPort}`;
    const port = await freePort();
    listingBase = `http://127.0.0.1:${port}`;
    listing = spawn(process.execPath, [join(root, 'dist', 'src', 'server', 'main.js')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TRADECAST_CORS_ORIGINS: dashboardOrigin },
      stdio: 'ignore',
    });
    await waitForHealth(listingBase);
  });

  afterAll(() => {
    listing?.kill('SIGTERM');
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
    await expect(simulateFrom(page, listingBase)).resolves.toBe('200 paths=200');
    await expect(simulateFrom(page, base)).resolves.toBe('blocked (TypeError)'); // the default: same origin only
  });
});
