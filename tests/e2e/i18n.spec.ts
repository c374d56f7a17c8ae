import { app, bodyRange, expect, openApp, selectInReader, shoot, test } from './fixtures';

test.describe('Traditional Chinese interface', () => {
  test.use({ locale: 'zh-TW' });

  test('a zh-TW system gets the interface in Traditional Chinese', async ({ page, host }, info) => {
    await openApp(page, host);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
    await expect(page.getByRole('button', { name: '摘錄選取文字', exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: '摘錄', exact: true })).toBeVisible();
    await expect(page.getByRole('complementary', { name: '文庫' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: '搜尋' }).or(page.getByRole('combobox', { name: '搜尋' }))).toBeVisible();
    await expect(page.getByRole('button', { name: '匯入…' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Quote selection' })).toHaveCount(0);
    await shoot(page, info, 'i18n-zh-hant');
  });

  test('keeping a quote works in the Chinese interface', async ({ page, host }) => {
    await openApp(page, host);
    const passage = '首爾近半數的稀土礦產供應來自中國';
    await selectInReader(page, passage);
    await page.getByRole('button', { name: '摘錄選取文字', exact: true }).click();
    const popover = page.getByRole('dialog', { name: '新摘錄的標籤與註解' });
    await expect(popover.getByText('已保存摘錄')).toBeVisible();
    await page.keyboard.type('外交');
    await page.keyboard.press('Enter');
    await popover.getByRole('button', { name: '完成' }).click();
    const region = page.getByRole('region', { name: '摘錄', exact: true });
    await expect(region.locator('.quote-card')).toHaveCount(1);
    await expect(region.locator('.quote-card')).toContainText(passage);
    await expect(region.locator('.pane-header .pane-count').first()).toHaveAttribute('aria-label', '1 則摘錄');
    const { quotes } = await host.api('quotes:list', { articleId: 1 });
    expect(quotes.map((q) => [q.exact, q.tags])).toEqual([[passage, ['外交']]]);
  });

  test('switching to English in the reading settings and back lasts across reloads', async ({ page, host }, info) => {
    await openApp(page, host);
    await page.getByRole('button', { name: '閱讀設定' }).click();
    await shoot(page, info, 'i18n-settings-zh-hant');
    await page.getByRole('radiogroup', { name: '語言' }).getByRole('radio', { name: 'English' }).click();
    await expect(app(page).quoteButton).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(app(page).quoteButton).toBeVisible();
    await expect(app(page).quotesRegion).toBeVisible();

    await page.getByRole('button', { name: 'Reading settings' }).click();
    const language = page.getByRole('radiogroup', { name: 'Language' });
    await expect(language.getByRole('radio', { name: 'English' })).toHaveAttribute('aria-checked', 'true');
    await language.getByRole('radio', { name: '繁體中文' }).click();
    await expect(page.getByRole('button', { name: '摘錄選取文字', exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: '摘錄選取文字', exact: true })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('apostil.locale'))).toBe('zh-Hant');

    await page.getByRole('button', { name: '閱讀設定' }).click();
    await page.getByRole('radiogroup', { name: '語言' }).getByRole('radio', { name: '自動' }).click();
    await expect(page.getByRole('button', { name: '摘錄選取文字', exact: true })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('apostil.locale'))).toBeNull();
  });

  test('errors from the library are told in Chinese, with the file or field they name kept as detail', async ({ page, host }) => {
    await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '首爾近半數的稀土礦產供應來自中國')) });
    await openApp(page, host);
    const fail = (error: { code: string; message: string }) =>
      page.route(
        (url) => decodeURIComponent(url.pathname) === '/api/quotes:update',
        (route) => route.fulfill({ status: 507, contentType: 'application/json', body: JSON.stringify({ ok: false, error }) }),
      );
    await fail({ code: 'disk_full', message: 'The disk is full, so nothing was saved. Free some space and try again; your text is kept.' });
    const card = page.getByRole('region', { name: '摘錄', exact: true }).locator('.quote-card').first();
    await card.getByRole('textbox', { name: '註解' }).fill('供應鏈');
    await expect(card.getByRole('alert')).toContainText('Apostil 無法寫入磁碟（是否已滿？），因此沒有儲存。');
    await expect(card.getByRole('alert')).not.toContainText('The disk is full');

    await page.unrouteAll();
    await page.locator('input[type=file]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":') });
    await expect(page.getByRole('alert').filter({ hasText: '無法匯入 broken.json：無法匯入這個檔案；沒有做任何變更。（broken.json' })).toBeVisible();
  });
});
