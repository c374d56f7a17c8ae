import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Page } from '@playwright/test';
import { Library } from '../app/core/library';
import { appLayout } from '../app/core/paths';
import { corpusArticles } from './corpus';
import { round, percentile } from './timing';
import { addControlTextarea, installKeystrokeProbe, keystrokeProbe, naiveRender, openArticle } from './uiPage';

/** Opening the article must render within this many ms (p95). */
export const OPEN_TARGET_MS = 300;
/** The naive whole-document re-render must be at least this many times slower. */
export const SPEEDUP_TARGET = 5;
/** Typing in a note must stay under this many ms per keystroke (p95). */
export const KEYSTROKE_TARGET_MS = 16;

/** Sizes and repetitions of the ui benchmark. */
export interface UiBenchOptions {
  /** Quotes on the benchmark article. */
  quotes: number;
  /** Characters of the benchmark article (at least). */
  chars: number;
  /** Timed openings of the article (after one warm-up). */
  runs: number;
  /** Characters typed into the note. */
  keystrokes: number;
}

/** Percentiles of a timed ui step, in ms. */
export interface UiTiming {
  p50_ms: number;
  p95_ms: number;
  runs: number;
}

/** The whole ui benchmark, as printed with --json. */
export interface UiBenchReport {
  quotes: number;
  article_chars: number;
  cores: number;
  /** The 1-minute load average at the end: other processes share the machine. */
  load_1min: number;
  browser: string;
  /** From a click in the library list until the reader shows every highlight. */
  open: UiTiming & { pass: boolean };
  /** Rebuilding the whole document once per highlight, same text and ranges, same page, each rebuild laid out. */
  naive_ms: number;
  /** The same without laying out the intermediate documents (DOM work only; only the last is laid out). */
  naive_dom_only_ms: number;
  /** naive_ms / open p50; the target is ≥ {@link SPEEDUP_TARGET}. */
  speedup: number;
  speedup_pass: boolean;
  /** Keydown until handled and laid out, typing into a note with the article's quotes beside it. */
  keystroke: UiTiming & { pass: boolean; event_timing_slow: number; event_timing_max_ms: number };
  /** The same probe typing into a bare textarea in the same page: what the machine and browser alone cost. */
  control_keystroke: UiTiming;
}

/** A running `apostil serve`. */
export type Host = ChildProcessByStdio<null, Readable, Readable>;

/** Chromium's flags for every benchmark page: no sandbox (containers), no GPU, nothing that talks to the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Stops a host started with {@link startHost} and waits until it has exited. */
export async function stopHost(child: Host): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(null)));
}

/** A ~`chars`-character zh-Hant article made of corpus articles, one per paragraph block. */
function articleText(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (const a of corpusArticles().filter((c) => c.lang === 'zh-Hant')) {
    if (length >= chars) break;
    parts.push(a.text.trim());
    length += a.text.length;
  }
  if (length < chars) throw new Error(`The corpus has only ${length} characters of zh-Hant text.`);
  return parts.join('\n\n');
}

/** Creates the benchmark database: one long article with `quotes` disjoint quotes spread evenly over it. */
function createLibrary(file: string, options: UiBenchOptions): { articleId: number; body: string; ranges: [number, number][] } {
  const lib = Library.open(file, appLayout(resolve(__dirname, '..', '..')).migrationsDir);
  try {
    return lib.store.tx(() => {
      const { article } = lib.articles.importText('ui-bench.txt', articleText(options.chars), 'text');
      const body = lib.articles.body(article.id);
      const slot = Math.floor(body.length / options.quotes);
      const ranges: [number, number][] = [];
      for (let i = 0; ranges.length < options.quotes && i * slot < body.length; i++) {
        let from = i * slot + 1;
        let to = Math.min(body.length, from + Math.max(2, slot - 4));
        if ((body.charCodeAt(from) & 0xfc00) === 0xdc00) from++;
        if ((body.charCodeAt(to) & 0xfc00) === 0xdc00) to--;
        if (!body.slice(from, to).trim()) continue;
        const q = lib.quotes.create({ articleId: article.id, start: from, end: to });
        ranges.push([q.start, q.end]);
      }
      if (ranges.length < options.quotes) throw new Error(`Only ${ranges.length} quotes fit the article.`);
      return { articleId: article.id, body, ranges };
    });
  } finally {
    lib.close();
  }
}

/** Starts `apostil serve` on `file` and resolves with the URL it prints. */
export function startHost(file: string): Promise<{ child: Host; url: string }> {
  const child = spawn(process.execPath, [resolve('dist/cli/apostil.js'), '--db', file, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out)?.[0];
      if (url) done({ child, url });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('exit', (code) => fail(new Error(`apostil serve exited with ${code}: ${out}`)));
  });
}

function timing(values: number[]): UiTiming {
  return { p50_ms: round(percentile(values, 50)), p95_ms: round(percentile(values, 95)), runs: values.length };
}

/** The article other than the benchmark one that `apostil serve` put in the library (its sample). */
async function otherArticle(page: Page, articleId: number): Promise<number> {
  const other = page.locator(`.article-item[data-article-id]:not([data-article-id="${articleId}"])`).first();
  return Number(await other.getAttribute('data-article-id'));
}

/** Types `keystrokes` characters into whatever has the focus and returns what the keystroke probe recorded. */
async function typeProbed(page: Page, keystrokes: number) {
  await page.evaluate(installKeystrokeProbe);
  const sentence = 'Apostil keeps every quote beside the note. ';
  await page.keyboard.type(sentence.repeat(Math.ceil(keystrokes / sentence.length)).slice(0, keystrokes));
  await page.waitForFunction((n) => (globalThis as unknown as { __apostilBench?: { latencies: number[] } }).__apostilBench!.latencies.length >= n, keystrokes);
  return page.evaluate(keystrokeProbe);
}

/** Types into a new note while the benchmark article's quotes show beside it, then into a bare textarea (the control). */
async function typeInNote(page: Page, keystrokes: number) {
  await page.locator('.subheader-tools .icon-button').first().click();
  await page.locator('.note-editor .ProseMirror').click();
  const note = await typeProbed(page, keystrokes);
  await page.evaluate(addControlTextarea);
  const control = await typeProbed(page, keystrokes);
  return { note, control };
}

/**
 * Serves a library with one long article and its quotes, opens it in Chromium, and times
 * opening the article, the naive re-render per highlight, and typing in a note beside it.
 */
export async function uiBench(options: UiBenchOptions): Promise<UiBenchReport> {
  const dir = mkdtempSync(join(resolve(process.env.TMPDIR ?? '/tmp'), 'apostil-bench-ui-'));
  const file = join(dir, 'ui.db');
  const { articleId, body, ranges } = createLibrary(file, options);
  const { child, url } = await startHost(file);
  // Loaded here, so that the other benchmarks (and export's child processes) start without Playwright.
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.locator(`.article-item[data-article-id="${articleId}"]`).waitFor();
    const other = await otherArticle(page, articleId);
    const opens: number[] = [];
    for (let i = 0; i <= options.runs; i++) {
      await page.evaluate(openArticle, { articleId: other, highlights: 0, timeoutMs: 30_000 });
      const ms = await page.evaluate(openArticle, { articleId, highlights: options.quotes, timeoutMs: 30_000 });
      if (i > 0) opens.push(ms);
    }
    const naive = await page.evaluate(naiveRender, { body, ranges, layout: true });
    const naiveDomOnly = await page.evaluate(naiveRender, { body, ranges, layout: false });
    const { note: probe, control } = await typeInNote(page, options.keystrokes);
    if (errors.length) throw new Error(`The page failed: ${errors.join('; ')}`);
    const open = timing(opens);
    const keys = timing(probe.latencies);
    const slowKeys = new Set(probe.slow.filter((e) => e.interactionId).map((e) => e.interactionId)).size;
    return {
      quotes: ranges.length,
      article_chars: body.length,
      cores: cpus().length,
      load_1min: round(loadavg()[0]!),
      browser: `Chromium ${browser.version()}`,
      open: { ...open, pass: open.p95_ms < OPEN_TARGET_MS },
      naive_ms: round(naive),
      naive_dom_only_ms: round(naiveDomOnly),
      speedup: round(naive / Math.max(open.p50_ms, 0.01)),
      speedup_pass: naive / Math.max(open.p50_ms, 0.01) >= SPEEDUP_TARGET,
      keystroke: {
        ...keys,
        pass: keys.p95_ms < KEYSTROKE_TARGET_MS,
        event_timing_slow: slowKeys,
        event_timing_max_ms: round(Math.max(0, ...probe.slow.map((e) => e.duration))),
      },
      control_keystroke: timing(control.latencies),
    };
  } finally {
    await browser.close();
    await stopHost(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
