import { cpus, loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { percentile, round } from './timing';
import { CHROMIUM_ARGS, startHost, stopHost } from './ui';
import { countAfterScroll, firstScreen, installSearchProbe, searchProbe } from './uiPage';

/** The window's first paint (library list and reader filled) must come within this many ms (p95). */
export const FIRST_PAINT_TARGET_MS = 1000;
/** All quotes must show its first screen within this many ms of the click (p95). */
export const ALL_QUOTES_TARGET_MS = 300;
/** A keystroke in the search box must have its results painted within this many ms (p95). */
export const SEARCH_TARGET_MS = 100;
/** No list view may hold this many elements, whatever the library's size. */
export const DOM_TARGET = 5000;

/** Repetitions of the library ui benchmark. */
export interface LibraryUiOptions {
  /** Timed loads of the window and openings of All quotes (after one warm-up each). */
  runs: number;
  /** Queries typed, one key at a time, into the search box. */
  queries: string[];
}

/** Percentiles of one timed step, in ms, and whether its p95 met the target. */
export interface StepTiming {
  p50_ms: number;
  p95_ms: number;
  runs: number;
  target_ms: number;
  pass: boolean;
}

/** Elements a list view held at its top, middle and bottom, and the most of them. */
export interface DomCount {
  view: string;
  top: number;
  middle: number;
  bottom: number;
  max: number;
  /** The whole page's elements at the bottom of the list. */
  page: number;
}

/** The whole library ui benchmark, as printed with --json. */
export interface LibraryUiReport {
  cores: number;
  /** The 1-minute load average at the end: other processes share the machine. */
  load_1min: number;
  browser: string;
  /** Navigation start until the articles list and the reader with its highlights are painted. */
  first_paint: StepTiming;
  /** A click on All quotes until its first screen of cards is painted. */
  all_quotes_first_screen: StepTiming;
  /** A keystroke in the search box until its results are painted. */
  search_keystroke: StepTiming;
  /** Elements held by each list view, scrolled to its top, middle and bottom. */
  dom: DomCount[];
  dom_max: number;
  dom_pass: boolean;
}

const DEFAULT_QUERIES = ['國家', 'government', '李在明', '之'];
const TIMEOUT_MS = 30_000;

function step(values: number[], target: number): StepTiming {
  const p95 = round(percentile(values, 95));
  return { p50_ms: round(percentile(values, 50)), p95_ms: p95, runs: values.length, target_ms: target, pass: p95 <= target };
}

/** Opens the window afresh (no remembered place) and times it until the article list and the reader are painted. */
async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  return page.evaluate(firstScreen, { root: '#app', ready: '.reader-doc h1', timeoutMs: TIMEOUT_MS });
}

/** Scrolls a list view to its top, middle and bottom and counts its elements each time. */
async function domOf(page: Page, view: string, scroller: string, root: string): Promise<DomCount> {
  const counts = [];
  for (const fraction of [0, 0.5, 1]) counts.push(await page.evaluate(countAfterScroll, { scroller, root, fraction, timeoutMs: 5000 }));
  const [top, middle, bottom] = counts.map((c) => c.view) as [number, number, number];
  return { view, top, middle, bottom, max: Math.max(top, middle, bottom), page: counts[2]!.page };
}

/** Types each query one key at a time (a pause between keys, as a person types) and returns each key's latency; the first query is a warm-up, as in the other steps. */
async function typeSearches(page: Page, queries: string[]): Promise<number[]> {
  await page.keyboard.press('Control+k');
  await page.keyboard.type(queries[0] ?? '');
  await page.waitForTimeout(500);
  await page.evaluate(installSearchProbe, { input: '.search-field', list: '.search-results' });
  for (const query of queries) {
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    for (const ch of query) {
      await page.keyboard.type(ch);
      await page.waitForTimeout(150);
    }
  }
  await page.waitForTimeout(300);
  return page.evaluate(searchProbe);
}

/**
 * Lists every quote the query left in the search box finds (its Quotes chip) and
 * counts the results' elements at the top, middle and bottom of that list.
 */
async function searchDom(page: Page): Promise<DomCount> {
  await page.locator('.search-chips .filter-chip').nth(1).click();
  // The overview's Show all row goes once the list of every quote hit is in.
  await page.locator('.search-results .search-hit-all').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
  await page.locator('.search-results .search-hit-quote').first().waitFor({ timeout: TIMEOUT_MS });
  const hits = (await page.locator('.search-group:not([hidden]) .search-group-count').first().textContent()) ?? '?';
  return domOf(page, `Search results (${hits} quotes)`, '.search-results', '.search-results');
}

/**
 * Serves `file` (a library, e.g. 100,000 quotes from `buildLibrary`) through the web
 * host, opens it in Chromium, and measures what a person waits for: the window's first
 * paint, All quotes' first screen, search results while typing, and how many elements
 * each list view (the search results listing every quote hit of the last query among
 * them) holds at its top, middle and bottom.
 */
export async function libraryUiBench(file: string, options: Partial<LibraryUiOptions> = {}): Promise<LibraryUiReport> {
  const runs = options.runs ?? 5;
  const queries = options.queries ?? DEFAULT_QUERIES;
  const { child, url } = await startHost(file);
  // Loaded here, so that the other benchmarks start without Playwright.
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const paints: number[] = [];
    for (let i = 0; i <= runs; i++) {
      await context.clearCookies();
      const ms = await firstPaint(page, url);
      if (i > 0) paints.push(ms);
      await page.evaluate('localStorage.clear()');
    }
    await firstPaint(page, url);
    const allQuotes: number[] = [];
    const quotesView = '.view[aria-label]:not(#view-reader):not([hidden])';
    for (let i = 0; i <= runs; i++) {
      await page.locator('.article-item').first().click();
      await page.locator('#view-reader:not([hidden])').waitFor();
      const ms = await page.evaluate(firstScreen, {
        click: '.nav-item[data-nav-key="s-quotes"]',
        root: quotesView,
        ready: '.quote-card[data-quote-id]',
        timeoutMs: TIMEOUT_MS,
      });
      if (i > 0) allQuotes.push(ms);
    }
    const dom = [await domOf(page, 'All quotes', `${quotesView} .view-scroll`, quotesView)];
    await page.locator('.nav-item[data-nav-key="s-trash"]').click();
    await page.locator(`${quotesView} .trash-item`).first().waitFor();
    dom.push(await domOf(page, 'Trash', `${quotesView} .view-scroll`, quotesView));
    await page.locator('.nav-item[data-nav-key="s-tags"]').click();
    await page.locator(`${quotesView} .tag-node`).first().waitFor();
    dom.push(await domOf(page, 'Tags', `${quotesView} .view-scroll`, quotesView));
    dom.push(await domOf(page, 'Articles', '.library-scroll', '.library-scroll'));
    const keys = await typeSearches(page, queries);
    dom.push(await searchDom(page));
    if (errors.length) throw new Error(`The page failed: ${errors.join('; ')}`);
    const domMax = Math.max(...dom.map((d) => d.max));
    return {
      cores: cpus().length,
      load_1min: round(loadavg()[0]!),
      browser: `Chromium ${browser.version()}`,
      first_paint: step(paints, FIRST_PAINT_TARGET_MS),
      all_quotes_first_screen: step(allQuotes, ALL_QUOTES_TARGET_MS),
      search_keystroke: step(keys, SEARCH_TARGET_MS),
      dom,
      dom_max: domMax,
      dom_pass: domMax < DOM_TARGET,
    };
  } finally {
    await browser.close();
    await stopHost(child);
  }
}
