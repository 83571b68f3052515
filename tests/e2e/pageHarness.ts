import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src/scenario/projectPaths.js';
import { encodePageState, PageStateSchema, type PageObservation } from '../../web/src/pageState.js';

/** Debian's chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's firefox-esr (SpiderMonkey), driven over WebDriver BiDi. */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** What the page publishes on `window.tradecast` for tests and a curious user. */
export interface PageProbe {
  readonly updates: number;
  readonly lastUpdateMs: number;
  readonly lastComputeMs: number;
  /** 'page' when the Web Workers computed the projection, 'server' when the API did */
  readonly lastWhere: string;
  /** the kernel of a projection computed in the page: 'wasm' or 'ts' */
  readonly lastKernel: string;
  readonly lastPhasesMs: Readonly<Record<string, number>> | null;
  readonly error: string | null;
}

/** Fails with what to do when the page or the server has not been built. */
export function requireBuiltPage(): void {
  const root = projectRoot();
  if (!existsSync(join(root, 'web', 'dist', 'index.html'))) throw new Error('web/dist is missing: run npm run build');
  if (!existsSync(join(root, 'dist', 'src', 'server', 'main.js'))) throw new Error('dist/ is missing: run npm run build');
}

/** Launches Debian's chromium headless, as CI runs it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** The page's own link to a run: the format `web/src/pageState.ts` writes into the URL. */
export function pageLink(base: string, run: { scenario: string; paths: number; seed: number; observations?: readonly PageObservation[] }): string {
  return `${base}/?${encodePageState(PageStateSchema.parse(run))}`;
}

export const probeOf = (page: Page) => page.evaluate(() => (window as unknown as { tradecast: PageProbe }).tradecast);

/** Resolves with the probe once the page has drawn more than `after` projections. */
export async function waitForUpdate(page: Page, after: number): Promise<PageProbe> {
  await page.waitForFunction((n) => ((window as unknown as { tradecast?: PageProbe }).tradecast?.updates ?? 0) > n, after, { timeout: 60_000 });
  return probeOf(page);
}
