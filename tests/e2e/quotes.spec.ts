import { app, bodyRange, expect, openApp, selectInReader, test } from './fixtures';

test('keyboard only: keep a quote, tag it with autocomplete and new parent/child tags, comment, close', async ({ page, host }) => {
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '李在明')), tags: ['region/Korea', 'rare earths'] });
  await openApp(page, host);
  const ui = app(page);
  const passage = '首爾近半數的稀土礦產供應來自中國';

  await selectInReader(page, passage);
  await page.keyboard.press('Control+Shift+E');
  const popover = page.getByRole('dialog', { name: 'Tags and comment for the new quote' });
  const tags = popover.getByRole('combobox', { name: 'Tags' });
  // Keeping a quote opens the popover with the cursor in its tag field.
  await expect(tags).toBeFocused();

  // Autocomplete: "kor" suggests the existing region/Korea; Enter takes it.
  await page.keyboard.type('kor');
  const suggestions = popover.getByRole('listbox', { name: 'Tag suggestions' });
  await expect(suggestions.getByRole('option').first()).toContainText('region/Korea');
  await expect(suggestions.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(popover.locator('.tag-name')).toHaveText(['region/Korea']);

  // Arrow keys choose among suggestions: "rare" then ArrowDown to "Create" is not needed; pick the existing one.
  await page.keyboard.type('rare');
  await expect(suggestions.getByRole('option')).toHaveText([/rare earths/, /Create “rare”/]);
  await page.keyboard.press('ArrowDown');
  await expect(suggestions.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');

  // A new nested tag is created from a parent/child path; a comma adds what comes before it.
  await page.keyboard.type('外交/國是訪問, trade');
  await expect(popover.locator('.tag-name')).toHaveText(['rare earths', 'region/Korea', '外交/國是訪問']);
  await expect(suggestions.getByRole('option')).toHaveText([/Create “trade”/]);
  await page.keyboard.press('Tab');
  const comment = popover.getByRole('textbox', { name: 'Comment' });
  await expect(comment).toBeFocused();
  await page.keyboard.type('Half of Seoul’s rare earths come from China.');
  await page.keyboard.press('Enter');

  await expect(popover).toHaveCount(0);
  await expect(ui.reader).toBeFocused();
  const stored = (await host.api('quotes:list', { articleId: 1 })).quotes.find((q) => q.exact === passage);
  expect(stored?.tags).toEqual(['rare earths', 'region/Korea', 'trade', '外交/國是訪問']);
  expect(stored?.comment).toBe('Half of Seoul’s rare earths come from China.');
  expect((await host.api('tags:list', {})).tags.map((t) => t.path)).toEqual(expect.arrayContaining(['外交', '外交/國是訪問', 'trade']));

  const card = ui.quotesRegion.locator(`.quote-card[data-quote-id="${stored!.id}"]`);
  await expect(card.locator('.tag-name')).toHaveText(['rare earths', 'region/Korea', 'trade', '外交/國是訪問']);
  await expect(card.getByRole('textbox', { name: 'Comment' })).toHaveValue('Half of Seoul’s rare earths come from China.');
});

test('tags and comments edited on a card are stored; Backspace in an empty tag field removes the last tag', async ({ page, host }) => {
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '首爾近半數的稀土礦產供應來自中國')) });
  await openApp(page, host);
  const ui = app(page);
  const card = ui.quoteCards.first();
  const tagInput = card.getByRole('combobox', { name: 'Add tags' });

  await tagInput.fill('region/Korea, 稀土 ， supply chain');
  await expect(card.locator('.tag-name')).toHaveText(['region/Korea', '稀土']);
  await tagInput.press('Enter');
  await expect(card.locator('.tag-name')).toHaveText(['region/Korea', 'supply chain', '稀土']);
  await expect(tagInput).toHaveValue('');
  await expect(tagInput).toBeFocused();
  expect((await host.api('quotes:list', { articleId: 1 })).quotes[0]?.tags).toEqual(['region/Korea', 'supply chain', '稀土']);

  await card.getByRole('button', { name: 'Remove tag supply chain' }).click();
  await expect(card.locator('.tag-name')).toHaveText(['region/Korea', '稀土']);
  await tagInput.focus();
  await page.keyboard.press('Backspace');
  await expect(card.locator('.tag-name')).toHaveText(['region/Korea']);

  const comment = card.getByRole('textbox', { name: 'Comment' });
  await comment.fill('Half of Seoul’s rare earths come from China.');
  // Saved as you type (after a pause), without leaving the field.
  await expect.poll(async () => (await host.api('quotes:list', { articleId: 1 })).quotes[0]?.comment).toBe('Half of Seoul’s rare earths come from China.');
  await page.reload();
  await expect(ui.quoteCards.first().locator('.tag-name')).toHaveText(['region/Korea']);
  await expect(ui.quoteCards.first().getByRole('textbox', { name: 'Comment' })).toHaveValue('Half of Seoul’s rare earths come from China.');
  expect((await host.api('quotes:list', {})).quotes.map((q) => q.id)).toEqual([quote.id]);
});

test('a quote’s colour changes from its card palette; a coloured tag colours quotes without their own', async ({ page, host }) => {
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '北京也佔首爾年度晶片出口的三分之一')), tags: ['trade'] });
  await openApp(page, host);
  const ui = app(page);
  const card = ui.quoteCards.first();

  await card.hover();
  await card.getByRole('button', { name: 'Colour: Default' }).click();
  const palette = page.getByRole('radiogroup', { name: 'Quote colour' });
  await expect(palette.getByRole('radio', { name: 'Default' })).toBeFocused();
  await palette.getByRole('radio', { name: 'Blue' }).click();
  await expect(palette).toHaveCount(0);
  await expect.poll(async () => (await host.api('quotes:list', { articleId: 1 })).quotes[0]?.color).toBe('#4f8fe0');
  await expect(ui.highlight(quote.id)).toHaveClass(/quote-colored/);
  await expect(ui.highlight(quote.id)).toHaveCSS('--quote-color', '#4f8fe0');
  await expect(card.getByRole('button', { name: 'Colour: Blue' })).toBeVisible();

  // Keyboard: arrows move through the palette and apply at once.
  await card.getByRole('button', { name: 'Colour: Blue' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await host.api('quotes:list', { articleId: 1 })).quotes[0]?.color).toBe('#2fa39a');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('radiogroup', { name: 'Quote colour' })).toHaveCount(0);

  // Back to default: the tag's colour shows instead.
  await host.api('quotes:update', { id: quote.id, color: null });
  const tag = (await host.api('tags:list', {})).tags.find((t) => t.path === 'trade')!;
  await host.api('tags:update', { id: tag.id, color: '#e05a4e' });
  await page.reload();
  await expect(ui.highlight(quote.id)).toHaveCSS('--quote-color', '#e05a4e');
});

test('the quotes panel filters by tag with per-tag counts and orders by text or date', async ({ page, host }) => {
  const keep = async (text: string, tags: string[]) => (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), tags })).quote;
  const late = await keep('據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤', ['region/Japan']);
  const early = await keep('李在明將於4日到7日對中國進行4天的國是訪問', ['region/Korea', 'diplomacy']);
  const middle = await keep('北京對日本祭出觀光、經濟等一連串報復手段', ['region/Japan', 'coercion']);
  await openApp(page, host);
  const ui = app(page);
  const filter = ui.quotesRegion.getByRole('group', { name: 'Filter by tag' });
  const ids = async () => await ui.quoteCards.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.quoteId)));

  await expect(filter.getByRole('button')).toHaveText(['All3', 'coercion1', 'diplomacy1', 'region3', 'region/Japan2', 'region/Korea1']);
  // Child chips after their parent do not repeat it on screen (it stays in their accessible name).
  await expect(filter.locator('.filter-parent')).toHaveText(['region/', 'region/']);
  await expect(filter.locator('.filter-parent').first()).toHaveCSS('font-size', '0px');
  await expect(filter.getByRole('button', { name: /^region 3/ }).locator('.filter-parent')).toHaveCount(0);
  await expect.poll(ids).toEqual([early.id, middle.id, late.id]);

  await filter.getByRole('button', { name: /^region\/Japan/ }).click();
  await expect(filter.getByRole('button', { name: /^region\/Japan/ })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(ids).toEqual([middle.id, late.id]);
  await filter.getByRole('button', { name: /^region 3/ }).click();
  await expect.poll(ids).toEqual([early.id, middle.id, late.id]);
  await filter.getByRole('button', { name: /^diplomacy/ }).click();
  await expect.poll(ids).toEqual([early.id]);

  await filter.getByRole('button', { name: /^All/ }).click();
  await ui.quotesRegion.getByRole('combobox', { name: 'Order of quotes' }).selectOption('newest');
  await expect.poll(ids).toEqual([middle.id, early.id, late.id]);
  await page.reload();
  await expect.poll(ids).toEqual([middle.id, early.id, late.id]);
  await ui.quotesRegion.getByRole('combobox', { name: 'Order of quotes' }).selectOption('text');
  await expect.poll(ids).toEqual([early.id, middle.id, late.id]);
});

test('hovering or focusing a highlight shows its tags and comment; Enter selects its card', async ({ page, host }) => {
  const { quote } = await host.api('quotes:create', {
    articleId: 1,
    ...(await bodyRange(host, '北京對日本祭出觀光、經濟等一連串報復手段')),
    tags: ['coercion'],
    comment: 'Economic pressure on Tokyo.',
  });
  await openApp(page, host);
  const ui = app(page);
  const tooltip = page.getByRole('tooltip');

  await ui.highlight(quote.id).hover();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('coercion');
  await expect(tooltip).toContainText('Economic pressure on Tokyo.');
  await page.mouse.move(5, 5);
  await expect(tooltip).toBeHidden();

  await ui.reader.focus();
  await page.keyboard.press('Tab');
  await expect(ui.highlight(quote.id)).toBeFocused();
  await expect(ui.highlight(quote.id)).toHaveAttribute('aria-describedby', 'quote-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('Economic pressure on Tokyo.');
  await page.keyboard.press('Enter');
  await expect(ui.quoteCards.first()).toHaveClass(/active/);
  await page.keyboard.press('Escape');
  await expect(tooltip).toBeHidden();
});

test('the context menu on a selection keeps it as a quote; on a highlight it edits or deletes', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  const passage = '北京也佔首爾年度晶片出口的三分之一';

  await selectInReader(page, passage);
  const box = await page.locator('.reader-doc').evaluate(() => {
    const range = window.getSelection()!.getRangeAt(0);
    range.startContainer.parentElement!.scrollIntoView({ block: 'center' });
    const r = range.getClientRects()[0]!;
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y, { button: 'right' });
  const menu = page.getByRole('menu', { name: 'Reader' });
  await expect(menu.getByRole('menuitem', { name: /Quote selection/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.quoteCards).toHaveCount(1);
  await page.keyboard.press('Escape');
  const [quote] = (await host.api('quotes:list', { articleId: 1 })).quotes;
  expect(quote?.exact).toBe(passage);

  await ui.highlight(quote!.id).click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Tags, comment and colour…' }).click();
  const popover = page.getByRole('dialog', { name: 'Tags and comment for the new quote' });
  await popover.getByRole('radio', { name: 'Green' }).click();
  await expect.poll(async () => (await host.api('quotes:list', { articleId: 1 })).quotes[0]?.color).toBe('#62b04f');
  await page.keyboard.press('Escape');

  await ui.highlight(quote!.id).click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Delete quote' }).click();
  await expect(ui.quoteCards).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Quote deleted.' })).toBeVisible();
});

test('a deleted quote disappears and Undo brings it back with its tags', async ({ page, host }) => {
  const passage = '北京也佔首爾年度晶片出口的三分之一';
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, passage)), tags: ['trade'] });
  await openApp(page, host);
  const ui = app(page);
  await expect(ui.highlight(quote.id)).toHaveText(passage);

  await ui.quoteCards.first().getByRole('button', { name: 'Delete quote' }).click();
  await expect(ui.quoteCards).toHaveCount(0);
  await expect(ui.highlight(quote.id)).toHaveCount(0);
  await expect(ui.articles.first().locator('.article-quotes')).toHaveText('❝0');
  expect((await host.api('quotes:list', { articleId: 1 })).quotes).toEqual([]);
  expect((await host.api('quotes:list', { articleId: 1, state: 'trash' })).quotes.map((q) => q.id)).toEqual([quote.id]);

  const toast = page.getByRole('status').filter({ hasText: 'Quote deleted.' });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(ui.quoteCards).toHaveCount(1);
  await expect(ui.quoteCards.first().locator('.quote-text')).toHaveText(passage);
  await expect(ui.quoteCards.first().locator('.tag-name')).toHaveText(['trade']);
  await expect(ui.highlight(quote.id)).toHaveText(passage);
  const live = (await host.api('quotes:list', { articleId: 1 })).quotes;
  expect(live.map((q) => [q.id, q.deletedAt, q.tags])).toEqual([[quote.id, null, ['trade']]]);

  await page.reload();
  await expect(ui.highlight(quote.id)).toHaveText(passage);
});
