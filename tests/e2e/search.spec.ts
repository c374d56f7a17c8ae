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
