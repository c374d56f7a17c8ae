import { copyFileSync } from 'node:fs';
import { app, bodyRange, expect, openApp, shoot, test } from './fixtures';

/** A Traditional Chinese text in a file whose name says nothing of its language. */
const TEXT =
  '台灣半導體產業的下一步\n\n經濟部表示，臺灣的晶片產業將持續擴大投資；業者則認為，人才與電力是最大的挑戰：「我們需要更多工程師。」這樣的發展，讓國際關注。';

test('a Traditional Chinese file without a language tag is typeset as zh-Hant, and the header changes its language', async ({ page, host }, info) => {
  const { article } = await host.api('articles:import', { name: 'chips.txt', text: TEXT });
  expect(article.lang).toBe('zh-Hant');
  await host.api('quotes:create', { articleId: article.id, ...(await bodyRange(host, '人才與電力是最大的挑戰', article.id)) });
  await openApp(page, host);
  await page.locator('.article-item', { hasText: '台灣半導體產業的下一步' }).click();
  const ui = app(page);
  await expect(page.locator('#reader')).toHaveAttribute('lang', 'zh-Hant');
  await expect(ui.quoteCards.first().locator('.quote-text')).toHaveAttribute('lang', 'zh-Hant');
  const control = page.getByRole('button', { name: /^Language of this article: Traditional Chinese/ });
  await expect(control).toBeVisible();
  await control.click();
  const menu = page.getByRole('menu', { name: 'Language of this article' });
  await expect(menu).toBeVisible();
  // The picture waits for the menu's fade-in to end.
  await menu.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  const shot = await shoot(page, info, 'lang-zh-hant');
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(shot, 'docs/reader-language.png');
  await page.keyboard.press('Escape');

  await control.click();
  await page.getByRole('menuitem', { name: 'Simplified Chinese' }).click();
  await expect(page.locator('#reader')).toHaveAttribute('lang', 'zh-Hans');
  await expect(ui.quoteCards.first().locator('.quote-text')).toHaveAttribute('lang', 'zh-Hans');
  expect((await host.api('articles:get', { id: article.id })).article.lang).toBe('zh-Hans');
  await shoot(page, info, 'lang-zh-hans');

  await page.reload();
  await page.locator('.article-item', { hasText: '台灣半導體產業的下一步' }).click();
  await expect(page.locator('#reader')).toHaveAttribute('lang', 'zh-Hans');
  await page.getByRole('button', { name: /^Language of this article/ }).click();
  await page.getByRole('menuitem', { name: 'Traditional Chinese' }).click();
  await expect(page.locator('#reader')).toHaveAttribute('lang', 'zh-Hant');
});

test('a read-only library shows a banner and disables writing controls', async ({ page, host }) => {
  await page.route(
    (url) => decodeURIComponent(url.pathname) === '/api/app:info',
    async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { ok: true; value: Record<string, unknown> };
      await route.fulfill({ response: res, json: { ...body, value: { ...body.value, readOnly: true } } });
    },
  );
  await openApp(page, host);
  await expect(page.getByRole('status').filter({ hasText: 'Read-only library.' })).toBeVisible();
  await expect(app(page).quoteButton).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Import…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: /^Language of this article/ })).toBeDisabled();
});
