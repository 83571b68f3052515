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

/** The lines of the tooltip a chart shows now. */
const tooltipLines = (page: Page, id: string) =>
  page.evaluate((canvasId) => (window as unknown as { tradecastCharts: { tooltipLines: (id: string) => string[] } }).tradecastCharts.tooltipLines(canvasId), id);

/** Presses `key` on the focused control and waits for the projection it asks for. */
async function pressAndWait(page: Page, key: string): Promise<PageProbe> {
  const { updates } = await probeOf(page);
  await page.keyboard.press(key);
  return waitForUpdate(page, updates);
}

/** Enters one "what happened" entry with the page's form. */
async function enterObservation(page: Page, entry: { name: string; year: number; value: number }): Promise<void> {
  await page.selectOption('#observation-name', entry.name);
  await page.selectOption('#observation-year', String(entry.year));
  await page.fill('#observation-value', String(entry.value));
  await page.click('#observation-add');
}

/** The list entry for an observation, by its command-line text (`oilPrice@2026=62`). */
const entry = (page: Page, text: string) => page.locator(`#observation-list li[data-observation="${text}"]`);

/** The bytes POST /api/simulations answers for a body. */
async function apiBytes(body: object): Promise<string> {
  const response = await fetch(`${server.url}/api/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST /api/simulations answered ${response.status}: ${text}`);
  return text;
}

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
    const phases: Record<string, number[]> = {};
    for (let i = 0; i < 10; i++) {
      const { updates } = await probeOf(page);
      await page.keyboard.press('ArrowLeft');
      const probe = await waitForUpdate(page, updates);
      timings.push(probe.lastUpdateMs);
      model.push(probe.lastComputeMs);
      for (const [phase, ms] of Object.entries(probe.lastPhasesMs ?? {})) (phases[phase] ??= []).push(ms);
    }
    return { before, after: await probability(page, 'turnover-300bn-2030'), timings, model, phases };
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
    await expect(page.locator('#share-note').innerText()).resolves.toMatch(/^Lines are medians across paths/);
  });

  it('shows each band of the fan chart as its range with the unit when the pointer is over a year', async () => {
    const { page } = await after(opened);
    const box = (await page.locator('#fan-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.985, box.y + box.height * 0.6);
    await page.waitForFunction(() => (window as unknown as { tradecastCharts: { tooltipLines: (id: string) => string[] } }).tradecastCharts.tooltipLines('fan-chart').length > 0);
    const lines = await tooltipLines(page, 'fan-chart');
    expect(lines).toContainEqual(expect.stringMatching(/^5–95% band: \d+\.\d–\d+\.\d US\$ bn$/));
    expect(lines).toContainEqual(expect.stringMatching(/^25–75% band: \d+\.\d–\d+\.\d US\$ bn$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Median \(.*\): \d+\.\d US\$ bn$/));
    await page.mouse.move(0, 0);
  });

  it('updates the projection on every step of a slider, and says how long each took', async () => {
    const { page } = await after(opened);
    const { before, after: moved, timings, model, phases } = await sliderMoved();
    await expect(page.locator('#knob-oilLongRun-value').innerText()).resolves.toContain('60');
    expect(moved).not.toBe(before);
    expect(Number.parseFloat(moved)).toBeLessThan(Number.parseFloat(before));
    // the workers say where the model's time went, and the steps add up to no more than it
    expect(Object.keys(phases).sort()).toEqual(['compare', 'helperWait', 'prepare', 'simulate', 'summarise']);
    model.forEach((total, i) => expect(Object.values(phases).reduce((sum, ms) => sum + ms[i]!, 0)).toBeLessThanOrEqual(total));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `slider → charts at 10,000 paths: median ${median(timings).toFixed(0)} ms, min ${Math.min(...timings).toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms over ${timings.length} moves` +
        ` (model in the workers: median ${median(model).toFixed(0)} ms, kernel ${(await probeOf(page)).lastKernel};` +
        ` by step, medians: ${Object.entries(phases)
          .map(([phase, ms]) => `${phase} ${median(ms).toFixed(1)} ms`)
          .join(', ')})`,
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

  it('gives a target no path meets its 95% interval, not ± a standard error of zero', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
    try {
      await page.goto(`${server.url}/?scenario=localisation&paths=2000&seed=3`);
      await waitForUpdate(page, 0);
      const card = page.locator('[data-target-id="cars-china-60pct-2030"]');
      await expect(card.locator('.probability').innerText()).resolves.toBe('0.0%');
      const detail = await card.locator('.target-detail').innerText();
      expect(detail).toMatch(/^probability across paths, 95% interval 0–0\.2\d% \(0 of 2,000 paths meet it\)/);
      expect(detail).not.toContain('±');
      // a target many paths meet keeps its ± standard error
      await expect(page.locator('[data-target-id="turnover-300bn-2030"] .target-detail').innerText()).resolves.toMatch(/± \d+\.\d pp Monte Carlo error/);
    } finally {
      await page.close();
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
    expect(
      readFileSync((await png.path())!)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  const pinnedAndSwitched = step('pin the projection and switch to escalation', async () => {
    const { page } = await opened();
    await after(sliderMoved);
    let { updates } = await probeOf(page);
    await page.click('#pin');
    await waitForUpdate(page, updates);
    ({ updates } = await probeOf(page));
    await page.selectOption('#scenario', 'escalation');
    await waitForUpdate(page, updates);
    return page;
  });

  it('pins a projection, switches scenario, and shows both with their paired difference', async () => {
    const page = await after(pinnedAndSwitched);
    await expect(page.locator('#difference-figure').isVisible()).resolves.toBe(true);
    expect(await inkOnCanvas(page, 'difference-chart')).toBeGreaterThan(0.01);
    await expect(page.locator('#difference-note').innerText()).resolves.toMatch(/paired s\.e\./);
    await expect(page.locator('[data-target-id="turnover-300bn-2030"] .target-detail').innerText()).resolves.toMatch(/vs pinned \d+\.\d%/);
    expect(page.url()).toContain('pin.scenario=baseline');
  });

  const explained = step('explain the difference between the pinned and the current projection', async () => {
    const { page } = await opened();
    await after(pinnedAndSwitched);
    expect(await page.locator('#explain-reference').inputValue()).toBe('pinned');
    await page.click('#explain-run');
    // 8 inputs differ (7 fields of escalation and the oil price knob): 2 + 256 runs do not fit the server's limit at 10,000 paths
    const retry = page.locator('#explain-retry');
    await retry.waitFor({ timeout: 60_000 });
    const offered = Number((await retry.innerText()).replace(/[^\d]/g, ''));
    const note = await page.locator('#explain-note').innerText();
    await retry.click();
    await page.waitForFunction(() => (document.getElementById('explain-note')?.textContent ?? '').startsWith('Split on the server'), undefined, { timeout: 60_000 });
    return { page, offered, note };
  });

  it('explains the difference as a waterfall: the pinned value, one bar per input with its ± s.e., the current value, all with units, as the API computes it', async () => {
    const { page, offered, note } = await explained();
    expect(note).toMatch(/more than the server computes in one request; it can split it at up to [\d,]+ paths/);
    expect(offered).toBeGreaterThanOrEqual(400);
    expect(offered).toBeLessThan(10_000);
    expect(await inkOnCanvas(page, 'explain-chart')).toBeGreaterThan(0.01);
    const rows = await page.locator('#explain-parts li').allInnerTexts();
    // the same split from the API, for the same two projections
    const response = await fetch(`${server.url}/api/compare`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenarios: [
          { scenario: 'baseline', overrides: { oilLongRun: 60 }, observations: [] },
          { scenario: 'escalation', overrides: {}, observations: [] },
        ],
        paths: offered,
        seed: 2030,
        explain: { output: 'turnover@2030' },
      }),
    });
    const { explain } = (await response.json()) as { explain: { reference: number; value: number; total: number; parts: { contribution: number; standardError: number | null }[] } };
    expect(rows).toHaveLength(explain.parts.length + 2);
    expect(explain.parts.length).toBe(8);
    for (const row of rows) expect(row).toMatch(/US\$ bn/);
    expect(rows[0]).toMatch(new RegExp(`^Pinned: baseline with oilLongRun=60: ${explain.reference.toFixed(1)} US\\$ bn$`));
    expect(rows.at(-1)).toContain(`This projection: ${explain.value.toFixed(1)} US$ bn (total change `);
    explain.parts.forEach((part, i) => {
      const contribution = `${part.contribution < 0 ? '−' : '+'}${Math.abs(part.contribution).toFixed(2)} US$ bn`;
      expect(rows[i + 1]).toContain(`: ${contribution} ± ${part.standardError!.toFixed(2)} US$ bn`);
    });
    expect(rows[1 + explain.parts.findIndex((_, i) => rows[i + 1]!.startsWith('Long-run oil price'))]).toMatch(/^Long-run oil price, 60 → 70 US\$\/bbl: /);
  });

  const ranked = step('rank the assumptions', async () => {
    const { page } = await opened();
    await after(pinnedAndSwitched);
    await page.click('#tornado-run');
    await page.waitForFunction(() => (document.getElementById('tornado-note')?.textContent ?? '').startsWith('Sobol indices'), undefined, { timeout: 60_000 });
    return page;
  });

  it('ranks the assumptions by their Sobol indices from the server, as a tornado', async () => {
    const page = await ranked();
    expect(await inkOnCanvas(page, 'tornado-chart')).toBeGreaterThan(0.01);
  });

  it('marks the tornado and the waterfall out of date when a slider moves, and up to date when it moves back', async () => {
    const page = await after(ranked);
    await after(explained);
    const stale = async () => [await page.locator('#tornado-figure').getAttribute('data-stale'), await page.locator('#explain-figure').getAttribute('data-stale')];
    await expect(stale()).resolves.toEqual(['false', 'false']);
    await page.locator('#knob-westernWedge').focus();
    await pressAndWait(page, 'ArrowRight');
    await expect(stale()).resolves.toEqual(['true', 'true']);
    await expect(page.locator('#tornado-note').innerText()).resolves.toMatch(/^Out of date: this ranking is for escalation, seed 2030;/);
    await expect(page.locator('#explain-note').innerText()).resolves.toMatch(/^Out of date/);
    await pressAndWait(page, 'ArrowLeft');
    await expect(stale()).resolves.toEqual(['false', 'false']);
    await expect(page.locator('#tornado-note').innerText()).resolves.toMatch(/^Sobol indices/);
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
      await expect(alert.innerText()).resolves.toBe('The server does not compute this projection with this many paths in one request. Choose at most 120,000 paths.');
    } finally {
      await page.close();
    }
  });
});

describe('what happened: observations entered on the page', () => {
  const observed = step('enter an oil price and a turnover for 2026', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/?paths=10000&seed=2030`);
    await waitForUpdate(page, 0);
    let { updates } = await probeOf(page);
    await enterObservation(page, { name: 'oilPrice', year: 2026, value: 62 });
    await waitForUpdate(page, updates);
    ({ updates } = await probeOf(page));
    await enterObservation(page, { name: 'turnover', year: 2026, value: 225 });
    const probe = await waitForUpdate(page, updates);
    return { page, errors, probe };
  });

  it('runs with them in the page, says how each was used, and puts them in the link', async () => {
    const { page, probe } = await observed();
    expect(probe.lastWhere).toBe('page');
    expect(probe.error).toBeNull();
    await expect(entry(page, 'oilPrice@2026=62').getAttribute('data-state')).resolves.toBe('applied');
    await expect(entry(page, 'oilPrice@2026=62').innerText()).resolves.toContain('Held at this value on every path.');
    await expect(entry(page, 'turnover@2026=225').innerText()).resolves.toMatch(/together worth [\d,]+ of 10,000 independent paths/);
    expect(page.url()).toContain('obs=oilPrice%402026%3D62&obs=turnover%402026%3D225');
  });

  it('downloads the same bytes as the API (and so the CLI) computes for the same observations', async () => {
    const { page } = await observed();
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const fromPage = readFileSync((await json.path())!, 'utf8');
    const observations = [
      { name: 'oilPrice', year: 2026, value: 62 },
      { name: 'turnover', year: 2026, value: 225 },
    ];
    expectSameJsonBytes(await apiBytes({ scenario: 'baseline', observations, paths: 10_000, seed: 2030 }), fromPage, 'the API', "the page's download");
    expect(JSON.parse(fromPage).observations).toHaveLength(2);
  });

  it('lists an outcome the paths cannot reach with the reason, in the page’s words, and keeps the charts of the valid entries', async () => {
    const { page } = await observed();
    const before = await probeOf(page);
    const note = await page.locator('#fan-note').innerText();
    await enterObservation(page, { name: 'exportsToChina', year: 2027, value: 900 });
    await page.locator('#observation-list li[data-observation="exportsToChina@2027=900"][data-state="refused"]').waitFor({ timeout: 60_000 });
    await expect(entry(page, 'exportsToChina@2027=900').locator('.field-error').innerText()).resolves.toMatch(
      /^Not applied: The simulated paths almost never come near 900 US\$ bn \(their effective sample size is [\d.]+ of 10,000 paths; the weighting needs \d+\)\. Check the value and its unit/,
    );
    // the projection on screen is still the one with the two valid entries
    expect((await probeOf(page)).updates).toBe(before.updates);
    await expect(page.locator('#fan-note').innerText()).resolves.toBe(note);
    await expect(page.locator('#error').isHidden()).resolves.toBe(true);
    expect(page.url()).not.toContain('exportsToChina');
  });

  it('runs them on the server above 20,000 paths, and shows a value the server refuses (400) next to its entry', async () => {
    const { page } = await observed();
    let { updates } = await probeOf(page);
    await page.selectOption('#paths', '50000');
    const probe = await waitForUpdate(page, updates);
    expect(probe.lastWhere).toBe('server');
    await expect(entry(page, 'turnover@2026=225').innerText()).resolves.toMatch(/of 50,000 independent paths/);
    ({ updates } = await probeOf(page));
    await enterObservation(page, { name: 'crudeVolume', year: 2027, value: -3 });
    await page.locator('#observation-list li[data-observation="crudeVolume@2027=-3"][data-state="refused"]').waitFor({ timeout: 60_000 });
    await expect(entry(page, 'crudeVolume@2027=-3').locator('.field-error').innerText()).resolves.toBe('Not applied: The value must be 0 or more (Mt); -3 is not.');
    expect((await probeOf(page)).updates).toBe(updates);
    expect((await probeOf(page)).error).toBeNull();
  });

  it('reopens them from the shared link', async () => {
    const { page } = await observed();
    const reopened = await browser.newPage();
    try {
      await reopened.goto(page.url());
      await waitForUpdate(reopened, 0);
      await expect(entry(reopened, 'oilPrice@2026=62').getAttribute('data-state')).resolves.toBe('applied');
      await expect(entry(reopened, 'turnover@2026=225').getAttribute('data-state')).resolves.toBe('applied');
    } finally {
      await reopened.close();
    }
  });

  it('threw no error in the page through all of the above', async () => {
    const { page, errors } = await observed();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a shared link the page cannot show as it is', () => {
  it('says so when the link names a scenario the server does not have, and shows the first scenario', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/?scenario=escalaton&paths=5000`);
      const probe = await waitForUpdate(page, 0);
      expect(probe.error).toBeNull();
      await expect(page.locator('#notices').isVisible()).resolves.toBe(true);
      await expect(page.locator('#notice-list').innerText()).resolves.toBe(
        'This link asks for the scenario “escalaton”, which this server does not have (did you mean "escalation"?); showing “Baseline (status quo persists)” instead.',
      );
      await expect(page.locator('#scenario').inputValue()).resolves.toBe('baseline');
      expect(await inkOnCanvas(page, 'fan-chart')).toBeGreaterThan(0.01);
    } finally {
      await page.close();
    }
  });

  it('runs what is valid in a link with a bad knob and a bad observation, and says in its own words what it left out', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/?paths=5000&k.oilLongRun=5000&k.oilLongrun=50&k.westernWedge=0.5&obs=oilPrice@2026=-5&obs=oilPrice@2027=60`);
      await waitForUpdate(page, 0);
      await page.locator('#observation-list li[data-state="refused"]').waitFor();
      await expect(page.locator('#notice-list li').allInnerTexts()).resolves.toEqual([
        'This link sets “Long-run oil price” to 5000, outside its range of 35 to 120 (USD/bbl); it is back at the scenario’s 70.',
        'This link sets “oilLongrun”, which the scenario “Baseline (status quo persists)” has no slider for, so it is left out — did you mean “Long-run oil price” (oilLongRun)?',
      ]);
      await expect(entry(page, 'oilPrice@2026=-5').locator('.field-error').innerText()).resolves.toBe('Not applied: The value must be above 0 (US$/bbl); -5 is not.');
      await page.waitForFunction(() => !location.search.includes('2026'));
      const probe = await probeOf(page);
      expect(probe.error).toBeNull();
      await expect(page.locator('#error').isHidden()).resolves.toBe(true);
      expect(await inkOnCanvas(page, 'fan-chart')).toBeGreaterThan(0.01);
      await expect(page.locator('#knob-oilLongRun').inputValue()).resolves.toBe('70');
      await expect(page.locator('#knob-westernWedge').inputValue()).resolves.toBe('0.5');
      await expect(entry(page, 'oilPrice@2027=60').getAttribute('data-state')).resolves.toBe('applied');
      expect(page.url()).toContain('k.westernWedge=0.5');
      expect(page.url()).not.toContain('oilLongRun');
    } finally {
      await page.close();
    }
  });
});

describe('the page on a phone, 390 × 844', () => {
  it('fits the width, shows the first chart on the first screen, and opens the settings under the scenario', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await page.goto(`${server.url}/?paths=5000`);
      await waitForUpdate(page, 0);
      const overflow = () => page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
      const first = await overflow();
      expect(first.width).toBe(390);
      expect(first.scrollWidth).toBeLessThanOrEqual(first.width);
      const chart = (await page.locator('#fan-chart').boundingBox())!;
      expect(chart.y).toBeGreaterThan(0);
      expect(chart.y + chart.height).toBeLessThanOrEqual(844);
      expect(await inkOnCanvas(page, 'fan-chart')).toBeGreaterThan(0.01);
      // the sliders are folded away under the scenario, one tap from it
      await expect(page.locator('#knob-oilLongRun').isVisible()).resolves.toBe(false);
      await expect(page.locator('#controls-toggle').getAttribute('aria-expanded')).resolves.toBe('false');
      await page.locator('#controls-toggle').tap();
      await expect(page.locator('#knob-oilLongRun').isVisible()).resolves.toBe(true);
      await expect(page.locator('#controls-toggle').getAttribute('aria-expanded')).resolves.toBe('true');
      const opened = await overflow();
      expect(opened.scrollWidth).toBeLessThanOrEqual(opened.width);
      await page.locator('#knob-oilLongRun').focus();
      const probe = await pressAndWait(page, 'ArrowLeft');
      expect(probe.error).toBeNull();
      await expect(page.locator('#knob-oilLongRun-value').innerText()).resolves.toBe('69 US$/bbl');
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
