import { app, bodyRange, expect, openApp, selectInReader, test } from './fixtures';

test('tags typed after keeping a quote are stored, shown as chips, and removable', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  const passage = '首爾近半數的稀土礦產供應來自中國';

  await selectInReader(page, passage);
  await page.keyboard.press('Control+Shift+Q');
  await expect(ui.quoteCards).toHaveCount(1);
  const tagInput = ui.quoteCards.first().getByRole('textbox', { name: 'Add tags' });
  // Keeping a quote puts the cursor in its tag field, ready for typing.
  await expect(tagInput).toBeFocused();
  await tagInput.fill('region/Korea, 稀土 ， supply chain');
  await tagInput.press('Enter');

  const chips = ui.quoteCards.first().locator('.tag-name');
  await expect(chips).toHaveText(['region/Korea', 'supply chain', '稀土']);
  await expect(tagInput).toHaveValue('');
  const [stored] = (await host.api('quotes:list', { articleId: 1 })).quotes;
  expect(stored?.tags).toEqual(['region/Korea', 'supply chain', '稀土']);
  expect((await host.api('tags:list', {})).tags.map((t) => t.path)).toContain('region');

  await ui.quoteCards.first().getByRole('button', { name: 'Remove tag supply chain' }).click();
  await expect(chips).toHaveText(['region/Korea', '稀土']);

  const comment = ui.quoteCards.first().getByRole('textbox', { name: 'Comment' });
  await comment.fill('Half of Seoul’s rare earths come from China.');
  await comment.blur();
  await expect.poll(async () => (await host.api('quotes:list', { articleId: 1 })).quotes[0]?.comment).toBe('Half of Seoul’s rare earths come from China.');

  await page.reload();
  await expect(chips).toHaveText(['region/Korea', '稀土']);
  await expect(ui.quoteCards.first().getByRole('textbox', { name: 'Comment' })).toHaveValue('Half of Seoul’s rare earths come from China.');
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
