import { app, bodyRange, expect, openApp, test } from './fixtures';

const SECOND = ['date 2026-02-03', '稀土供應鏈的新局面', '', '首爾與北京同意就關鍵礦產展開對話。', '', '分析人士指出，這項合作仍有變數。'].join('\n');

test('All quotes lists quotes across articles, filtered by article, tag (with counts) and text', async ({ page, host }) => {
  const { article } = await host.api('articles:import', { name: 'rare.txt', text: SECOND });
  const keep = async (articleId: number, text: string, tags: string[], comment = '') =>
    (await host.api('quotes:create', { articleId, ...(await bodyRange(host, text, articleId)), tags, comment })).quote;
  const a = await keep(1, '北京對日本祭出觀光、經濟等一連串報復手段', ['region/Japan', 'coercion']);
  const b = await keep(1, '李在明將於4日到7日對中國進行4天的國是訪問', ['region/Korea']);
  const c = await keep(article.id, '首爾與北京同意就關鍵礦產展開對話', ['region/Korea', 'rare earths'], 'critical minerals');
  await openApp(page, host);
  const ui = app(page);

  await page.getByRole('button', { name: /^All quotes/ }).click();
  const view = page.getByRole('region', { name: 'All quotes' });
  const cards = view.locator('.quote-card');
  await expect(cards).toHaveCount(3);
  await expect(ui.quotesRegion).toBeHidden();
  await expect(view.locator(`.quote-card[data-quote-id="${c.id}"] .quote-source`)).toHaveText('稀土供應鏈的新局面');
  const filter = view.getByRole('group', { name: 'Filter by tag' });
  await expect(filter.getByRole('button')).toHaveText(['All3', 'coercion1', 'rare earths1', 'region3', 'region/Japan1', 'region/Korea2']);

  await filter.getByRole('button', { name: /^region\/Korea/ }).click();
  await expect(cards).toHaveCount(2);
  await view.getByRole('combobox', { name: 'Article' }).selectOption(String(article.id));
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute('data-quote-id', String(c.id));
  // The tag counts follow the article filter.
  await expect(filter.getByRole('button')).toHaveText(['All1', 'rare earths1', 'region1', 'region/Korea1']);

  await view.getByRole('combobox', { name: 'Article' }).selectOption('');
  await filter.getByRole('button', { name: /^All/ }).click();
  await view.getByRole('searchbox', { name: 'Filter quotes by text' }).fill('MINERALS');
  await expect(cards).toHaveCount(1);
  await view.getByRole('searchbox', { name: 'Filter quotes by text' }).fill('');
  await expect(cards).toHaveCount(3);

  // A card's text opens its article at the highlight.
  await view.locator(`.quote-card[data-quote-id="${b.id}"] .quote-text`).click();
  await expect(page.locator('.reader-doc h1')).not.toHaveText('稀土供應鏈的新局面');
  await expect(ui.highlight(b.id)).toBeInViewport();
  await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${b.id}"]`)).toHaveClass(/active/);

  // Edits in All quotes are stored like anywhere else.
  await page.getByRole('button', { name: /^All quotes/ }).click();
  const tagField = view.locator(`.quote-card[data-quote-id="${a.id}"]`).getByRole('combobox', { name: 'Add tags' });
  await tagField.fill('trade');
  await tagField.press('Enter');
  await expect.poll(async () => (await host.api('quotes:list', {})).quotes.find((q) => q.id === a.id)?.tags).toEqual(['coercion', 'region/Japan', 'trade']);
  await page.reload();
  await expect(view.locator('.quote-card')).toHaveCount(3);
});

test('the Trash lists deleted quotes and notes; Restore brings them back', async ({ page, host }) => {
  const passage = '北京也佔首爾年度晶片出口的三分之一';
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, passage)), tags: ['trade'], comment: 'chips' });
  await host.api('quotes:delete', { id: quote.id });
  const { note } = await host.api('notes:create', { title: '晶片筆記' });
  await host.api('notes:delete', { id: note.id });
  await openApp(page, host);
  const ui = app(page);

  await expect(page.getByRole('button', { name: /^Trash/ })).toContainText('2');
  await page.getByRole('button', { name: /^Trash/ }).click();
  const view = page.getByRole('region', { name: 'Trash' });
  await expect(view.getByRole('list', { name: 'Deleted quotes' }).getByRole('listitem')).toHaveCount(1);
  await expect(view.getByRole('list', { name: 'Deleted quotes' })).toContainText(passage);
  await expect(view.getByRole('list', { name: 'Deleted quotes' })).toContainText('chips');
  await expect(view.getByRole('list', { name: 'Deleted notes' })).toContainText('晶片筆記');

  await view.getByRole('button', { name: /^Restore quote/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Quote restored.' })).toBeVisible();
  await expect(view.getByRole('list', { name: 'Deleted quotes' }).getByRole('listitem')).toHaveCount(0);
  expect((await host.api('quotes:list', { articleId: 1 })).quotes.map((q) => [q.id, q.tags, q.comment])).toEqual([[quote.id, ['trade'], 'chips']]);

  await view.getByRole('button', { name: /^Restore note/ }).click();
  await expect(view.getByText('The trash is empty')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('晶片筆記');
  await expect(page.getByRole('button', { name: /^Trash/ })).toContainText('0');

  await ui.articles.first().click();
  await expect(ui.highlight(quote.id)).toHaveText(passage);
});

test('reading settings change text size, line spacing and theme, and are remembered', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page, host);
  const ui = app(page);
  const size = () => ui.reader.evaluate((el) => getComputedStyle(el).fontSize);
  const background = () => page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await size()).toBe('18px');
  const light = await background();

  await page.getByRole('button', { name: 'Reading settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Reading settings' });
  await settings.getByRole('button', { name: 'Increase text size' }).click();
  await settings.getByRole('button', { name: 'Increase text size' }).click();
  await expect.poll(size).toBe('20px');
  const leading = await ui.reader.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  await settings.getByRole('button', { name: 'Increase line spacing' }).click();
  await expect.poll(() => ui.reader.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight))).toBeGreaterThan(leading);
  await settings.getByRole('radio', { name: 'Dark' }).click();
  await expect.poll(background).not.toBe(light);
  await page.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);

  await page.reload();
  await expect.poll(size).toBe('20px');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await background()).not.toBe(light);

  // "System" follows the system scheme again.
  await page.getByRole('button', { name: 'Reading settings' }).click();
  await page.getByRole('dialog', { name: 'Reading settings' }).getByRole('radio', { name: 'System' }).click();
  await expect.poll(background).toBe(light);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).not.toBe(light);
});

test('F6 moves between the panes; deleting a card moves focus to the next one', async ({ page, host }) => {
  const keep = async (text: string) => (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)) })).quote;
  const a = await keep('李在明將於4日到7日對中國進行4天的國是訪問');
  const b = await keep('北京對日本祭出觀光、經濟等一連串報復手段');
  await openApp(page, host);
  const ui = app(page);

  await ui.reader.focus();
  await page.keyboard.press('F6');
  await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${a.id}"] .quote-text`)).toBeFocused();
  await page.keyboard.press('F6');
  await expect(ui.articles.first()).toBeFocused();
  await page.keyboard.press('F6');
  await expect(ui.reader).toBeFocused();
  await page.keyboard.press('Shift+F6');
  await expect(ui.articles.first()).toBeFocused();

  const first = ui.quotesRegion.locator(`.quote-card[data-quote-id="${a.id}"]`);
  await first.getByRole('button', { name: 'Delete quote' }).focus();
  await page.keyboard.press('Enter');
  await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${b.id}"] .quote-text`)).toBeFocused();
});

test('the language choices show whole in the English reading settings (繁體中文 is not clipped)', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Reading settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Reading settings' });
  const group = settings.getByRole('radiogroup', { name: 'Language' });
  await expect(group.getByRole('radio', { name: '繁體中文' })).toBeVisible();
  const clipped = await group.evaluate((g) => {
    const box = g.getBoundingClientRect();
    const dialog = g.closest('dialog, [role=dialog]')!.getBoundingClientRect();
    const cut = Array.from(g.children).some((c) => {
      const r = c.getBoundingClientRect();
      return c.scrollWidth > c.clientWidth + 1 || r.right > box.right + 1 || r.right > dialog.right;
    });
    return cut || g.scrollWidth > g.clientWidth + 1;
  });
  expect(clipped).toBe(false);
});
