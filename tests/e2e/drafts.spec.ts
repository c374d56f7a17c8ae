import { app, bodyRange, expect, openApp, test } from './fixtures';

test('a tag typed on a card and not confirmed is stored when focus leaves, and survives a reload', async ({ page, host }) => {
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '李在明將於4日到7日')) });
  await openApp(page, host);
  const card = app(page).quoteCards.first();
  await card.getByRole('combobox', { name: 'Add tags' }).fill('diplomacy');
  await page.locator('.reader-doc p').first().click();
  await expect(card.locator('.tag-chip .tag-name')).toHaveText(['diplomacy']);
  await page.reload();
  await expect(app(page).quoteCards.first().locator('.tag-chip .tag-name')).toHaveText(['diplomacy']);
  expect((await host.api('quotes:list', { articleId: 1 })).quotes[0]?.tags).toEqual(['diplomacy']);
});

test('a tag still being typed when the window reloads is stored', async ({ page, host }) => {
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '李在明將於4日到7日')) });
  await openApp(page, host);
  await app(page).quoteCards.first().getByRole('combobox', { name: 'Add tags' }).fill('region/Korea');
  await page.reload();
  await expect(app(page).quoteCards.first().locator('.tag-chip .tag-name')).toHaveText(['region/Korea']);
});
