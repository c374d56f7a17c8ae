import type { Page } from '@playwright/test';
import { app, expect, openApp, test, type Host } from './fixtures';

/**
 * Hostile content everywhere a person can put text: every payload, if it ever ran,
 * would set `window.__xss` and open an alert. None may run, and each must still be
 * shown as the text it is.
 */
const PAYLOADS = [
  '<script>window.__xss=1;alert("script")</script>',
  '<img src=x onerror="window.__xss=1;alert(\'img\')">',
  '<a href="javascript:window.__xss=1;alert(\'href\')">點我</a>',
  'javascript:window.__xss=1;alert("url")//',
  '<svg onload="window.__xss=1;alert(\'svg\')"><circle r="9"/></svg>',
  '</style><style>*{display:none!important}</style>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '"><img src=x onerror=window.__xss=1>',
  '\u202Egnp.exe\u202C 反轉文字',
];
const MARK = '惡意';
const SCRIPT = PAYLOADS[0]!;
const IMG = PAYLOADS[1]!;
const JS_URL = 'javascript:window.__xss=1;alert("url")//';
const CSS = PAYLOADS[5]!;
const BIDI = PAYLOADS[8]!;
const TAG_TYPED = '<img src=x onerror=window.__xss=1>';
const JS_TAG = 'javascript:window.__xss=1;alert(1)';

const ARTICLE = [`${MARK}測試 ${SCRIPT}`, '', ...PAYLOADS.flatMap((p, i) => [`${MARK}段落${i + 1}：${p}`, ''])].join('\n');
const HTML_ARTICLE = `<!doctype html><html><head><title>${MARK}網頁</title><style>*{display:none}</style><script>window.__xss=1</script></head>
<body onload="window.__xss=1"><h1>${MARK}網頁</h1><p onclick="window.__xss=1">第一段<img src=x onerror="window.__xss=1">文字</p>
<p><a href="javascript:window.__xss=1">看似連結</a>與<svg onload="window.__xss=1"></svg>結尾。</p></body></html>`;

async function seed(host: Host) {
  const { report } = await host.api('import:run', { name: 'hostile.txt', text: ARTICLE });
  const articleId = report.articles[0]!.article.id;
  const { article } = await host.api('articles:get', { id: articleId });
  const range = (text: string) => {
    const start = article.body.indexOf(text);
    return { start, end: start + text.length };
  };
  const quotes = [];
  for (const [i, p] of PAYLOADS.entries()) {
    const tag = i === 2 ? JS_TAG : i === 8 ? BIDI : `xss/${p.replace(/\//g, '∕')}`;
    quotes.push((await host.api('quotes:create', { articleId, ...range(`${MARK}段落${i + 1}：${p}`), comment: `${MARK}註解 ${p}`, tags: [tag] })).quote);
  }
  const doomed = quotes[4]!;
  await host.api('quotes:delete', { id: doomed.id });
  await host.api('sources:set', {
    articleId,
    csl: {
      type: 'article-newspaper',
      title: `${MARK}來源 ${SCRIPT}`,
      author: [{ literal: IMG }],
      'container-title': CSS,
      publisher: BIDI,
      URL: JS_URL,
    },
  });
  const text = (t: string) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
  const jsLink = { type: 'paragraph', content: [{ type: 'text', text: '危險連結', marks: [{ type: 'link', attrs: { href: JS_URL } }] }] };
  const refused = await host.envelope('notes:create', { title: 'x', doc: { type: 'doc', content: [jsLink] } });
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('http(s) or mailto') } });
  const { note } = await host.api('notes:create', {
    title: `${MARK}筆記 ${SCRIPT}`,
    doc: {
      type: 'doc',
      content: [...PAYLOADS.map((p) => text(`${MARK}筆記內容 ${p}`)), { type: 'quote_embed', attrs: { quoteId: quotes[0]!.id } }],
    },
  });
  const trashed = (await host.api('notes:create', { title: `${MARK}已刪除 ${IMG}`, doc: { type: 'doc', content: [text(CSS)] } })).note;
  await host.api('notes:delete', { id: trashed.id });
  return { articleId, quotes, note };
}

/** Fails the test if any payload ran, and checks that no hostile markup became elements anywhere in the app. */
async function assertNothingRan(page: Page, dialogs: string[], where: string): Promise<void> {
  expect(dialogs, `a dialog opened in ${where}`).toEqual([]);
  const state = await page.evaluate(() => ({
    canary: (window as unknown as { __xss?: unknown }).__xss ?? null,
    scripts: Array.from(document.scripts, (s) => s.getAttribute('src')),
    injected: document.querySelectorAll('img, svg, iframe, object, embed, style, body *[onerror], body *[onload], body *[onclick]').length,
    links: Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href')!).filter((href) => !/^(https?:|mailto:|blob:)/.test(href)),
  }));
  expect(state, `hostile content ran or became markup in ${where}`).toEqual({ canary: null, scripts: ['app.js'], injected: 0, links: [] });
}

test('hostile text in articles, comments, tags, notes and sources is shown as text in every view and never runs', async ({ page, host, context }) => {
  test.setTimeout(90_000);
  const { articleId, quotes, note } = await seed(host);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => localStorage.clear());
  await page.goto(host.url);
  await expect(page.locator('.reader-doc h1')).not.toBeEmpty();
  const ui = app(page);
  await ui.articles.filter({ hasText: `${MARK}測試` }).click();

  // Reader: the article body, its highlights and the quotes panel.
  const reader = page.locator('.reader-doc');
  await expect(reader.locator('h1')).toHaveText(`${MARK}測試 ${SCRIPT}`);
  for (const p of PAYLOADS) await expect(reader).toContainText(p);
  await expect(ui.highlights.filter({ hasText: IMG })).not.toHaveCount(0);
  await expect(ui.quoteCards).toHaveCount(PAYLOADS.length - 1);
  for (const p of [SCRIPT, IMG, CSS, BIDI]) {
    await expect(ui.quotesRegion.locator('.quote-text').filter({ hasText: p })).toHaveCount(1);
    expect(
      await ui.quotesRegion
        .getByRole('textbox', { name: 'Comment' })
        .evaluateAll((els, v) => els.some((e) => (e as HTMLTextAreaElement).value === v), `${MARK}註解 ${p}`),
    ).toBe(true);
  }
  await expect(ui.quotesRegion.locator('.tag-name').filter({ hasText: JS_TAG })).not.toHaveCount(0);
  await expect(ui.quotesRegion.locator('.tag-name').filter({ hasText: BIDI })).not.toHaveCount(0);
  expect(
    await ui.quotesRegion
      .locator('.tag-name')
      .filter({ hasText: BIDI })
      .first()
      .evaluate((el) => getComputedStyle(el).unicodeBidi),
  ).toBe('isolate');
  await ui.highlight(quotes[1]!.id).first().hover();
  await expect(page.getByRole('tooltip')).toContainText(`${MARK}註解 ${IMG}`);
  await assertNothingRan(page, dialogs, 'the reader');

  // Typed by hand: a comment and a tag name.
  const card = ui.quotesRegion.locator(`.quote-card[data-quote-id="${quotes[0]!.id}"]`);
  await card.getByRole('textbox', { name: 'Comment' }).fill(`${MARK}手打 ${SCRIPT} ${IMG}`);
  await card.getByRole('combobox', { name: 'Add tags' }).fill(TAG_TYPED);
  await card.getByRole('combobox', { name: 'Add tags' }).press('Enter');
  await expect(card.locator('.tag-name').filter({ hasText: TAG_TYPED })).toHaveCount(1);
  await expect
    .poll(async () => (await host.api('quotes:list', { articleId })).quotes.find((q) => q.id === quotes[0]!.id)?.comment)
    .toBe(`${MARK}手打 ${SCRIPT} ${IMG}`);
  await assertNothingRan(page, dialogs, 'comments and tags typed by hand');

  // Source line and form: a javascript: URL is text, never a link.
  const source = page.getByRole('region', { name: 'Source' });
  await expect(source).toContainText(`${IMG} · ${CSS}`);
  await expect(source).toContainText(JS_URL);
  await expect(source.getByRole('link')).toHaveCount(0);
  await source.getByRole('button', { name: 'Edit source' }).click();
  const form = page.getByRole('form', { name: 'Edit source' });
  await expect(form.getByLabel('Title', { exact: true })).toHaveValue(`${MARK}來源 ${SCRIPT}`);
  await expect(form.getByLabel('URL')).toHaveValue(JS_URL);
  await expect(form.getByLabel('Outlet (container title)')).toHaveValue(CSS);
  await expect(form.getByRole('textbox', { name: 'Organisation name' })).toHaveValue(IMG);
  await form.getByLabel('Publisher').fill(`${BIDI} ${SCRIPT}`);
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(source).toContainText(JS_URL);
  await expect(source.getByRole('link')).toHaveCount(0);
  await assertNothingRan(page, dialogs, 'the source form');

  // All quotes, Tags, Trash.
  await page.getByRole('button', { name: /^All quotes/ }).click();
  const all = page.getByRole('region', { name: 'All quotes' });
  await expect(all.locator('.view-header .pane-count')).toHaveText(String(PAYLOADS.length - 1));
  // The list draws only the cards on screen: scroll through it and collect what was drawn.
  const drawn = new Map<string, string>();
  for (const y of [0, 400, 800, 100_000]) {
    await all.locator('.view-scroll').evaluate((el, top) => el.scrollTo(0, top), y);
    await expect(all.locator('.quote-card[data-quote-id]').first()).toBeVisible();
    for (const [id, text] of await all
      .locator('.quote-card[data-quote-id]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-quote-id'), e.querySelector('.quote-text')?.textContent ?? ''] as const))) {
      drawn.set(id ?? '', text);
    }
  }
  expect(drawn.size).toBe(PAYLOADS.length - 1);
  expect([...drawn.values()].filter((text) => text.includes(SCRIPT))).toHaveLength(1);
  await all.locator('.view-scroll').evaluate((el) => el.scrollTo(0, 0));
  await expect(all.locator('.quote-source-title').first()).toHaveText(`${MARK}測試 ${SCRIPT}`);
  await assertNothingRan(page, dialogs, 'All quotes');
  await page.getByRole('button', { name: /^Tags/ }).click();
  const tags = page.getByRole('region', { name: 'Tags' });
  await expect(tags).toContainText(TAG_TYPED);
  await expect(tags).toContainText(JS_TAG);
  await expect(tags).toContainText(BIDI);
  await assertNothingRan(page, dialogs, 'Tags');
  await page.getByRole('button', { name: /^Trash/ }).click();
  const trash = page.getByRole('region', { name: 'Trash' });
  await expect(trash).toContainText(PAYLOADS[4]!);
  await expect(trash).toContainText(`${MARK}已刪除 ${IMG}`);
  await expect(trash).toContainText(CSS);
  await assertNothingRan(page, dialogs, 'Trash');

  // The note: text and title shown as text (the api refused a javascript: link), and typing more hostile text.
  await page
    .getByRole('list', { name: 'Notes' })
    .getByRole('button', { name: new RegExp(MARK) })
    .first()
    .click();
  const noteView = page.getByRole('region', { name: 'Note' });
  await expect(noteView.getByRole('textbox', { name: 'Note title' })).toHaveValue(note.title);
  const editor = noteView.getByRole('textbox', { name: 'Note text' });
  for (const p of PAYLOADS) await expect(editor).toContainText(`${MARK}筆記內容 ${p}`);
  await expect(editor.locator('.quote-embed')).toContainText(SCRIPT);
  await editor.locator('p').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type(` ${IMG} ${CSS}`);
  await expect(noteView.getByRole('status')).toHaveText('Saved');
  await assertNothingRan(page, dialogs, 'the note');

  // Search results.
  const search = page.getByRole('searchbox', { name: 'Search', exact: true });
  await search.fill(MARK);
  const results = page.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option').first()).toBeVisible();
  await expect(results).toContainText(SCRIPT);
  await expect(results.locator('mark').first()).toHaveText(MARK);
  await assertNothingRan(page, dialogs, 'search results');
  await page.keyboard.press('Escape');

  // Export previews, the HTML export included, are text.
  await page.getByRole('button', { name: 'Library menu' }).click();
  await page.getByRole('menuitem', { name: 'Export…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  await exportDialog.getByRole('radio', { name: 'Everything' }).check();
  const preview = exportDialog.getByLabel('Preview');
  // Markdown escapes the angle brackets; the characters are all there.
  await expect(preview).toContainText('\\<script\\>window.\\_\\_xss=1;alert("script")\\</script\\>');
  for (const [format, extension] of [
    ['html', 'html'],
    ['csv', 'csv'],
    ['json', 'json'],
    ['w3c', 'jsonld'],
    ['csl', 'csl.json'],
  ]) {
    await exportDialog.getByRole('combobox', { name: 'Format' }).selectOption(format!);
    await expect(exportDialog.getByRole('status')).toContainText(`.${extension}`);
    expect(await preview.evaluate((el) => el.children.length)).toBe(0);
  }
  await exportDialog.getByRole('combobox', { name: 'Format' }).selectOption('html');
  await expect(preview).toContainText('&lt;script&gt;');
  await assertNothingRan(page, dialogs, 'the export preview');
  await page.keyboard.press('Escape');

  // The HTML export, rendered as a page of its own, runs nothing and shows the text.
  const { content } = await host.api('export:run', { format: 'html', scope: { kind: 'all' } });
  const rendered = await context.newPage();
  const renderedDialogs: string[] = [];
  rendered.on('dialog', (d) => {
    renderedDialogs.push(d.message());
    void d.dismiss();
  });
  await rendered.setContent(content);
  await expect(rendered.locator('body')).toContainText(SCRIPT);
  await expect(rendered.locator('body')).toContainText(IMG);
  await expect(rendered.locator('body')).toBeVisible();
  expect(
    await rendered.evaluate(() => ({
      canary: (window as unknown as { __xss?: unknown }).__xss ?? null,
      scripts: document.scripts.length,
      injected: document.querySelectorAll('img, svg, iframe, object, embed, body *[onerror], body *[onload]').length,
      links: Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href')!).filter((href) => !/^(https?:|mailto:)/.test(href)),
    })),
  ).toEqual({ canary: null, scripts: 0, injected: 0, links: [] });
  expect(renderedDialogs).toEqual([]);
  await rendered.close();
});

test('a hostile HTML article is imported as its readable text: scripts, styles and handlers are gone, nothing runs', async ({ page, host }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openApp(page, host);
  await page.locator('input[type=file]').setInputFiles({ name: 'hostile.html', mimeType: 'text/html', buffer: Buffer.from(HTML_ARTICLE) });
  await expect(page.locator('.reader-doc h1')).toHaveText(`${MARK}網頁`);
  await expect(page.locator('.reader-doc')).toContainText('第一段文字');
  await expect(page.locator('.reader-doc')).toContainText('看似連結與結尾。');
  await expect(page.locator('.reader-doc')).toBeVisible();
  await assertNothingRan(page, dialogs, 'an imported HTML article');
});

test('a link typed into a note must be a web or mail address', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'New note' }).click();
  const view = page.getByRole('region', { name: 'Note' });
  const title = view.getByRole('textbox', { name: 'Note title' });
  await expect(title).toBeFocused();
  await title.press('Enter');
  const editor = view.getByRole('textbox', { name: 'Note text' });
  await expect(editor).toBeFocused();
  await page.keyboard.type('連結文字');
  await expect(editor).toHaveText('連結文字');
  await page.keyboard.press('Shift+Home');
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('連結文字');
  await page.keyboard.press('Control+Shift+k');
  const ask = page.getByRole('dialog', { name: 'Link' });
  await ask.getByRole('textbox').fill(JS_URL);
  await ask.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert')).toContainText('is not a web or mail address');
  await expect(view.locator('a')).toHaveCount(0);
});
