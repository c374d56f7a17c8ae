import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import type { Channel, Envelope, Request, Response } from '../../app/api/channels';

/** The built CLI that hosts the web ui (`npm run build` makes it). */
const CLI = resolve(process.env.APOSTIL_CLI ?? 'dist/cli/apostil.js');

type Server = ChildProcessByStdio<null, Readable, Readable>;

/** A running `apostil serve` on a fresh database of its own. */
export interface Host {
  /** The URL the host printed, token fragment included. */
  url: string;
  origin: string;
  token: string;
  /** The library file the host serves, for a second process (the CLI) to write to while the page is open. */
  db: string;
  /** Calls a channel over HTTP as the ui does and returns the value, failing the test on an error envelope. */
  api<C extends Channel>(channel: C, req: Request<C>): Promise<Response<C>>;
  /** Calls a channel and returns the raw envelope. */
  envelope<C extends Channel>(channel: C, req: Request<C>): Promise<Envelope<Response<C>>>;
}

function waitForUrl(child: Server, timeoutMs = 15_000): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`apostil serve printed no URL within ${timeoutMs} ms.\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /https?:\/\/127\.0\.0\.1:\d+\/#token=[^\s]+/.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        done(url);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`apostil serve exited with ${code} before printing its URL.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

async function stop(child: Server): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Playwright's `test` with a private web host per test and a guard against page errors and CSP violations. */
export const test = base.extend<{ serveArgs: string[]; host: Host; problems: string[] }>({
  /** Extra arguments for `apostil serve` (a spec sets them with `test.use`, e.g. `--allow-fetch 127.0.0.1`). */
  serveArgs: [[], { option: true }],
  host: async ({ serveArgs }, use) => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run \`npm run build\` first.`);
    const dir = mkdtempSync(join(tmpdir(), 'apostil-e2e-'));
    const child = spawn(process.execPath, [CLI, '--db', join(dir, 'apostil.db'), 'serve', '--port', '0', ...serveArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, APOSTIL_DB: '' },
    });
    try {
      const url = await waitForUrl(child);
      const parsed = new URL(url);
      const token = decodeURIComponent(parsed.hash.replace(/^#token=/, ''));
      const envelope = async <C extends Channel>(channel: C, req: Request<C>) => {
        const res = await fetch(`${parsed.origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(req),
        });
        return (await res.json()) as Envelope<Response<C>>;
      };
      const api = async <C extends Channel>(channel: C, req: Request<C>) => {
        const result = await envelope(channel, req);
        if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
        return result.value;
      };
      await use({ url, origin: parsed.origin, token, db: join(dir, 'apostil.db'), api, envelope });
    } finally {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    }
  },

  /** Problems the page reported that no test expects: uncaught errors and Content-Security-Policy violations. */
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
      });
      await use(problems);
      expect(problems, 'the page reported errors or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The sample article the host imports into every fresh database. */
export const SAMPLE = {
  title: '中國國家主席習近平4日將接待來訪的南韓總統李在明(Lee Jae Myung)，此舉表明了在因為台灣問題與日本關係緊張之際，北京有意強化與首爾關係。',
  heading: '搶在日韓峰會前 中國意在拉攏首爾',
};

/** Handles to the app's main parts, found the way a person (or a screen reader) finds them. */
export function app(page: Page) {
  return {
    library: page.getByRole('complementary', { name: 'Library' }),
    articles: page.locator('.article-item'),
    reader: page.locator('.reader-doc'),
    quotesRegion: page.getByRole('region', { name: 'Quotes', exact: true }),
    quoteCards: page.getByRole('region', { name: 'Quotes', exact: true }).locator('.quote-card'),
    quoteButton: page.getByRole('button', { name: 'Quote selection', exact: true }),
    highlights: page.locator('.reader-doc .quote-highlight'),
    highlight: (id: number): Locator => page.locator(`.reader-doc [data-quote-id="${id}"]`),
    /** All the text a quote's highlight covers, across the pieces overlaps and blocks split it into. */
    highlightText: async (id: number): Promise<string> => (await page.locator(`.reader-doc [data-quote-id="${id}"]`).allTextContents()).join(''),
  };
}

/** Opens the app at the host's URL and waits for the reader to show an article. */
export async function openApp(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await expect(page.locator('.reader-doc h1')).not.toBeEmpty();
}

/**
 * Selects text in the reader the way a DOM selection from the mouse would: from the
 * start of `from` to the end of `to` (default: `from` itself), each the first
 * occurrence in the reader's text.
 */
export async function selectInReader(page: Page, from: string, to: string = from): Promise<void> {
  await page.evaluate(
    ([fromText, toText]) => {
      const root = document.querySelector('.reader-doc');
      if (!root) throw new Error('no reader');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes: { node: Text; at: number }[] = [];
      let text = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n as Text, at: text.length });
        text += (n as Text).data;
      }
      const locate = (offset: number, preferEnd: boolean) => {
        const hit = nodes.find(({ node, at }) => (preferEnd ? offset > at && offset <= at + node.data.length : offset >= at && offset < at + node.data.length));
        if (!hit) throw new Error(`offset ${offset} is outside the reader text`);
        return [hit.node, offset - hit.at] as const;
      };
      const start = text.indexOf(fromText);
      const end = text.indexOf(toText, start) + toText.length;
      if (start < 0 || end < toText.length) throw new Error(`"${fromText}" … "${toText}" not found in the reader`);
      const range = document.createRange();
      range.setStart(...locate(start, false));
      range.setEnd(...locate(end, true));
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    [from, to] as const,
  );
}

/** Drags the mouse over `text` (first occurrence in the reader) from its first to its last character. */
export async function dragOver(page: Page, text: string): Promise<void> {
  const box = await page.evaluate((needle) => {
    const root = document.querySelector('.reader-doc')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf(needle);
      if (i < 0) continue;
      const first = document.createRange();
      first.setStart(n, i);
      first.setEnd(n, i + 1);
      const last = document.createRange();
      last.setStart(n, i + needle.length - 1);
      last.setEnd(n, i + needle.length);
      first.startContainer.parentElement!.scrollIntoView({ block: 'center' });
      const a = first.getBoundingClientRect();
      const b = last.getBoundingClientRect();
      return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
    }
    throw new Error(`"${needle}" is not inside one text node of the reader`);
  }, text);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

/** The UTF-16 body range of the first occurrence of `text` in an article (the sample by default). */
export async function bodyRange(host: Host, text: string, articleId = 1): Promise<{ start: number; end: number }> {
  const { article } = await host.api('articles:get', { id: articleId });
  const start = article.body.indexOf(text);
  if (start < 0) throw new Error(`"${text}" is not in article ${articleId}`);
  return { start, end: start + text.length };
}

/** Saves a screenshot named `name` into the test's output folder once fonts are ready; returns its path. */
export async function shoot(page: Page, info: TestInfo, name: string): Promise<string> {
  await page.evaluate(() => document.fonts.ready);
  const file = info.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
