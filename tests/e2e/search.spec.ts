import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { app, bodyRange, expect, openApp, shoot, test, type Host } from './fixtures';

const SECOND = [
  'date 2026-02-03',
  '稀土供應鏈的新局面',
  '',
  '首爾與北京同意就關鍵礦產展開對話，稀土出口管制成為焦點。',
  '',
  '分析人士指出，這項合作仍有變數。',
].join('\n');

/** The sample with three quotes, a second article and a note, all mentioning 稀土 or 李在明. */
async function seed(host: Host) {
  const keep = async (text: string, extra: { tags?: string[]; comment?: string } = {}) =>
    (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), ...extra })).quote;
  const visit = await keep('習近平邀請李在明進行國是訪問，是旨在深化雙邊關係的精心策劃之舉', { tags: ['外交/國是訪問'] });
  const late = await keep('北韓對李在明政府的接觸不予理會', { tags: ['region/North Korea'], comment: '北韓的冷淡回應' });
  const rare = await keep('據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。', { comment: '稀土也可能在議程上' });
  const { article } = await host.api('articles:import', { name: 'rare-earths.txt', text: SECOND });
  const { note } = await host.api('notes:create', {
    title: '稀土筆記',
    doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '首爾的稀土礦產供應近半數來自中國。' }] }] },
  });
  return { visit, late, rare, second: article, note };
}

/** Every this many quotes of {@link seedMany} also mention 關稅, a word no other quote has. */
const TARIFF_EVERY = 100;

/** Lines of each article {@link seedMany} makes (an article opened from a hit holds this many quotes). */
const LINES_PER_ARTICLE = 100;

/**
 * Articles whose `n` lines all mention 出口管制, with a quote on each line: one quote
 * made through the api, the rest merged in with one backup import (a request per
 * quote would take far longer). Returns the quotes' texts.
 */
async function seedMany(host: Host, n: number): Promise<string[]> {
  const lines = Array.from({ length: n }, (_, i) => `第${i + 1}則：稀土出口管制${i % TARIFF_EVERY === 0 ? '與關稅' : ''}的影響。`);
  const ranges: { articleId: number; start: number; end: number }[] = [];
  for (let from = 0; from < n; from += LINES_PER_ARTICLE) {
    const part = lines.slice(from, from + LINES_PER_ARTICLE);
    const { article } = await host.api('articles:import', { name: `many-${from}.txt`, text: [`出口管制摘錄 ${from + 1}`, '', ...part].join('\n') });
    const { body } = (await host.api('articles:get', { id: article.id })).article;
    let at = 0;
    for (const line of part) {
      const start = body.indexOf(line, at);
      at = start + line.length;
      ranges.push({ articleId: article.id, start, end: at });
    }
  }
  await host.api('quotes:create', ranges[0]!);
  const backup = JSON.parse((await host.api('export:run', { format: 'json', scope: { kind: 'all' } })).content) as { quotes: Record<string, unknown>[] };
  const template = backup.quotes[0]!;
  const made = lines
    .slice(1)
    .map((exact, i) => ({ ...template, id: Number(template.id) + i + 1, uuid: randomUUID(), exact, prefix: '', suffix: '', ...ranges[i + 1]! }));
  backup.quotes = [template, ...made];
  await host.api('import:run', { name: 'many.json', text: JSON.stringify(backup) });
  expect((await host.api('search:query', { query: '出口管制', in: ['quotes'], limit: 1 })).counts.quotes).toBe(n);
  return lines;
}

function searchUi(page: Page) {
  const box = page.getByRole('searchbox', { name: 'Search', exact: true });
  const results = page.getByRole('listbox', { name: 'Search results' });
  const options = results.getByRole('option');
  /** Presses Down until `text`'s option is the active one. */
  const moveTo = async (text: string) => {
    const target = options.filter({ hasText: text }).first();
    const id = (await target.getAttribute('id'))!;
    const index = await options.evaluateAll((els, want) => els.findIndex((e) => e.id === want), id);
    const from = await options.evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-selected') === 'true'));
    for (let i = from; i < index; i++) await page.keyboard.press('ArrowDown');
    await expect(target).toHaveAttribute('aria-selected', 'true');
  };
  return { box, results, options, moveTo, chips: page.getByRole('group', { name: 'Show' }) };
}

test('Ctrl+K focuses Search; results come as you type, grouped, with the matches marked', async ({ page, host }, info) => {
  const { visit } = await seed(host);
  await openApp(page, host);
  const search = searchUi(page);

  await page.locator('.reader-doc').click();
  await page.keyboard.press('Control+k');
  await expect(search.box).toBeFocused();
  await expect(page.locator('.search-panel')).toContainText('tag:region/Korea');

  await page.keyboard.type('李在明');
  await expect(search.results.getByRole('group', { name: 'Quotes' }).getByRole('option')).toHaveCount(3);
  await expect(search.results.getByRole('group', { name: 'Articles' }).getByRole('option')).toHaveCount(1);
  await expect(search.chips.getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(search.chips.getByRole('button', { name: /^Quotes/ })).toContainText('3');
  const first = search.options.first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(first.locator('mark').first()).toHaveText('李在明');
  await expect(search.box).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await shoot(page, info, 'search-results');

  // Down to the quote about the state visit, then Enter: the article scrolls to it and its highlight flashes.
  await search.moveTo('國是訪問');
  await page.keyboard.press('Enter');
  await expect(search.results).toBeHidden();
  const highlight = app(page).highlight(visit.id).first();
  await expect(highlight).toHaveClass(/quote-flash/);
  await expect(highlight).toBeInViewport();
  await expect(app(page).quotesRegion.locator(`.quote-card[data-quote-id="${visit.id}"]`)).toHaveClass(/active/);
});

test('chips narrow the kinds, a tag filters quotes, and Enter opens articles at the match and notes', async ({ page, host }) => {
  const { second, note } = await seed(host);
  await openApp(page, host);
  const search = searchUi(page);
  await search.box.click();
  await search.box.fill('稀土');
  await expect(search.results.getByRole('group')).toHaveCount(3);

  await search.chips.getByRole('button', { name: /^Notes/ }).click();
  await expect(search.box).toBeFocused();
  await expect(search.results.getByRole('group')).toHaveCount(1);
  await expect(search.options).toHaveCount(1);
  await expect(search.options.first()).toContainText('稀土筆記');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Note' }).getByRole('textbox', { name: 'Note title' })).toHaveValue(note.title);

  await page.keyboard.press('Control+k');
  await search.chips.getByRole('button', { name: /^Articles/ }).click();
  await expect(search.options).toHaveCount(2);
  await search.moveTo('稀土供應鏈的新局面');
  await page.keyboard.press('Enter');
  await expect(page.locator('.reader-doc h1')).toHaveText('稀土供應鏈的新局面');
  await expect(app(page).articles.filter({ hasText: '稀土供應鏈' })).toHaveAttribute('aria-current', 'page');
  expect(second.title).toBe('稀土供應鏈的新局面');
  await expect(page.locator('.reader-doc mark.search-match').first()).toHaveText('稀土');

  // A tag narrows quotes to that tag and its children.
  await page.keyboard.press('Control+k');
  await search.chips.getByRole('button', { name: /^Quotes/ }).click();
  await search.box.fill('李在明');
  await expect(search.options).toHaveCount(3);
  await page.getByRole('combobox', { name: 'Only quotes with tag' }).selectOption('region');
  await expect(search.options).toHaveCount(1);
  await expect(search.options.first()).toContainText('北韓對李在明政府的接觸不予理會');
  await expect(search.options.first()).toContainText('#region/North Korea');
});

test('empty, no-result, malformed and failing searches each say so; Escape closes, clears, then leaves', async ({ page, host }) => {
  await seed(host);
  await openApp(page, host);
  const search = searchUi(page);
  const panel = page.locator('.search-panel');
  await page.locator('.reader-doc').focus();
  await page.keyboard.press('Control+k');
  await expect(panel).toContainText('Search quotes, comments, articles and notes');

  await page.keyboard.type('量子電腦');
  await expect(panel).toContainText('No results for “量子電腦”.');
  await expect(search.options).toHaveCount(0);

  await search.box.fill('"李在明');
  await expect(panel).toContainText('A quotation mark is not closed, so it was ignored.');
  await expect(search.options).not.toHaveCount(0);

  await search.box.fill('OR');
  await expect(panel).toContainText('"OR" needs a term on each side');

  await page.route('**/api/search:query', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'busy', message: 'The library is busy; try again in a moment.' } }),
    }),
  );
  await search.box.fill('首爾');
  await expect(panel.getByRole('alert')).toContainText('The library is busy; try again in a moment.');
  await page.unroute('**/api/search:query');
  await search.box.fill('首爾 ');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(search.options).not.toHaveCount(0);

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(search.box).toHaveValue('首爾 ');
  await page.keyboard.press('Escape');
  await expect(search.box).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(page.locator('.reader-doc')).toBeFocused();
});

test('Ctrl+K reaches Search from inside the notes editor', async ({ page, host }) => {
  const { note } = await seed(host);
  await openApp(page, host);
  await page
    .getByRole('list', { name: 'Notes' })
    .getByRole('button', { name: new RegExp(note.title) })
    .click();
  await page.getByRole('textbox', { name: 'Note text' }).click();
  await page.keyboard.press('Control+k');
  await expect(searchUi(page).box).toBeFocused();
});

test('thousands of hits: only the rows on screen are drawn, pages are read as they scroll in, and the last hit is reached', async ({
  page,
  host,
  context,
}, info) => {
  // Seeding two thousand quotes takes a few seconds of the test's time.
  test.slow();
  const n = 2000;
  const lines = await seedMany(host, n);
  const reads: number[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/search:query')) reads.push((r.postDataJSON() as { offset?: number }).offset ?? 0);
  });
  await openApp(page, host);
  const search = searchUi(page);
  await search.box.click();
  await search.box.fill('出口管制');

  // All kinds: the first quotes, then a row that lists every quote.
  const quotes = search.results.getByRole('group', { name: 'Quotes' });
  await expect(quotes.getByRole('option')).toHaveCount(9);
  await expect(quotes.locator('.search-group-count')).toHaveText('8 of 2,000');
  const showAll = quotes.getByRole('option', { name: 'Show all 2,000 Quotes' });
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
  await expect(showAll).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(search.chips.getByRole('button', { name: /^Quotes/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(search.box).toBeFocused();
  await expect(quotes.locator('.search-group-count')).toHaveText('2,000');
  await expect(search.options.first()).toHaveAttribute('aria-setsize', String(n));
  await expect(search.options.first()).toHaveAttribute('aria-posinset', '1');

  // Scrolling through: a bounded number of rows at each point, each page read when its rows come on screen.
  const drawn = () => search.options.count();
  for (const fraction of [0.25, 0.5, 0.75]) {
    await search.results.evaluate((el, f) => (el.scrollTop = f * (el.scrollHeight - el.clientHeight)), fraction);
    await expect(page.locator('.search-hit-loading')).toHaveCount(0);
    await expect(search.options.first()).not.toHaveAttribute('aria-posinset', '1');
    expect(await drawn()).toBeLessThan(40);
  }
  await expect
    .poll(async () => {
      await search.results.evaluate((el) => (el.scrollTop = el.scrollHeight));
      return search.options.last().getAttribute('aria-posinset');
    })
    .toBe(String(n));
  await expect(page.locator('.search-hit-loading')).toHaveCount(0);
  expect(await drawn()).toBeLessThan(40);
  const last = search.options.last();
  await expect(last).toHaveClass(/search-hit-quote/);
  expect(lines).toContain((await last.locator('.search-hit-text').innerText()).trim());
  // Only the pages scrolled past were read, not all forty.
  expect(reads.filter((offset) => offset > 0).length).toBeGreaterThan(0);
  expect(new Set(reads).size).toBeLessThan(n / 50);
  await shoot(page, info, 'search-many-hits');

  // A hit drawn late still offers Copy with citation on its right-click menu.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await last.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Copy with citation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied the quote with its citation.' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(search.results).toBeVisible();

  // Searching again starts at the top with the first hit active; the keyboard wraps from it to the last (drawing it), and Enter opens that.
  await search.box.fill('出口管制 ');
  const active = search.results.locator('[aria-selected="true"]');
  await expect(active).toHaveAttribute('aria-posinset', '1');
  await page.keyboard.press('ArrowDown');
  await expect(active).toHaveAttribute('aria-posinset', '2');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(active).toHaveAttribute('aria-posinset', String(n));
  await expect(active).toBeInViewport();
  await expect(search.box).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id'))!);
  expect(await drawn()).toBeLessThan(40);
  const id = Number(await active.getAttribute('data-hit-id'));
  await page.keyboard.press('Enter');
  await expect(search.results).toBeHidden();
  await expect(app(page).highlight(id).first()).toHaveClass(/quote-flash/);
});

test('a page of hits answered after the query changed is dropped; a page that fails says so and is asked again', async ({ page, host }) => {
  await seedMany(host, 400);
  let release = () => {};
  const held = new Promise<void>((done) => (release = done));
  await page.route('**/api/search:query', async (route) => {
    const req = route.request().postDataJSON() as { query: string; offset?: number };
    if (req.query === '出口管制' && (req.offset ?? 0) > 0) await held;
    await route.continue();
  });
  await openApp(page, host);
  const search = searchUi(page);
  await search.box.click();
  await search.chips.getByRole('button', { name: /^Quotes/ }).click();
  await search.box.fill('出口管制');
  await expect(search.options.first()).toHaveAttribute('aria-setsize', '400');
  // Scrolling down asks for a later page, which the route holds back.
  const asked = page.waitForRequest((r) => r.url().endsWith('/api/search:query') && ((r.postDataJSON() as { offset?: number }).offset ?? 0) > 0);
  await search.results.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await asked;
  await expect(page.locator('.search-hit-loading').first()).toBeAttached();

  await search.box.fill('關稅');
  await expect(search.options.first()).toHaveAttribute('aria-setsize', String(400 / TARIFF_EVERY));
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/search:query') && r.request().postDataJSON().query === '出口管制');
  release();
  await answered;
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await expect(search.options).toHaveCount(400 / TARIFF_EVERY);
  for (const text of await search.options.allInnerTexts()) expect(text).toContain('關稅');
  await expect(search.options.first()).toHaveAttribute('aria-setsize', String(400 / TARIFF_EVERY));

  // A later page the host cannot answer: the rows wait, the panel says why, and scrolling on reads it once the host answers.
  await page.unroute('**/api/search:query');
  await page.route('**/api/search:query', (route) =>
    ((route.request().postDataJSON() as { offset?: number }).offset ?? 0) > 0
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ ok: false, error: { code: 'busy', message: 'The library is busy; try again in a moment.' } }),
        })
      : route.continue(),
  );
  await search.box.fill('出口管制');
  await expect(search.options.first()).toHaveAttribute('aria-setsize', '400');
  await search.results.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.search-panel').getByRole('alert')).toContainText('The library is busy; try again in a moment.');
  await expect(page.locator('.search-hit-loading').first()).toBeAttached();
  await page.unroute('**/api/search:query');
  await expect
    .poll(async () => {
      await search.results.evaluate((el) => (el.scrollTop -= 1));
      return page.locator('.search-hit-loading').count();
    })
    .toBe(0);
  await expect(search.options.last()).toHaveClass(/search-hit-quote/);
});
