import { expect, openApp, shoot, test } from './fixtures';

test('the source form in the article header saves CSL fields, which survive a reload', async ({ page, host }) => {
  await openApp(page, host);
  const box = page.getByRole('region', { name: 'Source' });
  await expect(box).toContainText('Not recorded yet');

  await box.getByRole('button', { name: 'Add source' }).click();
  const form = page.getByRole('form', { name: 'Edit source' });
  await expect(form.getByLabel('Type')).toBeFocused();
  // Prefilled from the article.
  await expect(form.getByLabel('Date issued')).toHaveValue('2026-01-02');
  await expect(form.getByLabel('Language')).toHaveValue('zh-Hant');
  await form.getByLabel('Type').selectOption({ label: 'News article' });
  await form.getByLabel('Title', { exact: true }).fill('習近平將接待李在明');
  await form.getByRole('textbox', { name: 'Family name' }).fill('王');
  await form.getByRole('textbox', { name: 'Given name' }).fill('小明');
  await form.getByRole('button', { name: '+ Add author' }).click();
  await form.getByRole('combobox', { name: 'Kind of author' }).nth(1).selectOption('org');
  await form.getByRole('textbox', { name: 'Organisation name' }).fill('中央社');
  await form.getByLabel('Outlet (container title)').fill('中央通訊社');
  await form.getByLabel('Publisher').fill('Central News Agency');
  await form.getByLabel('URL').fill('https://www.cna.com.tw/news/aopl/202601020001.aspx');
  await form.getByLabel('Date accessed').fill('2026-01-03');
  await form.getByRole('button', { name: 'Save source' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Source saved.' })).toBeVisible();
  await expect(box).toContainText('王小明、中央社 · 中央通訊社 · Jan 2, 2026');
  await expect(box.getByRole('link')).toHaveText('www.cna.com.tw');
  await expect(box.getByRole('button', { name: 'Edit source' })).toBeFocused();

  const { source } = await host.api('sources:get', { articleId: 1 });
  expect(source?.csl).toMatchObject({
    type: 'article-newspaper',
    title: '習近平將接待李在明',
    author: [{ family: '王', given: '小明' }, { literal: '中央社' }],
    'container-title': '中央通訊社',
    publisher: 'Central News Agency',
    issued: { 'date-parts': [[2026, 1, 2]] },
    accessed: { 'date-parts': [[2026, 1, 3]] },
    URL: 'https://www.cna.com.tw/news/aopl/202601020001.aspx',
    language: 'zh-Hant',
  });

  await page.reload();
  await expect(box).toContainText('王小明、中央社 · 中央通訊社 · Jan 2, 2026');

  // Editing keeps the fields; clearing one removes it; Escape cancels.
  await box.getByRole('button', { name: 'Edit source' }).click();
  await expect(form.getByRole('textbox', { name: 'Family name' }).first()).toHaveValue('王');
  await form.getByLabel('Publisher').fill('');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(box).toContainText('王小明');
  expect((await host.api('sources:get', { articleId: 1 })).source?.csl.publisher).toBeUndefined();
  await box.getByRole('button', { name: 'Edit source' }).click();
  await form.getByLabel('Title', { exact: true }).fill('changed');
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  expect((await host.api('sources:get', { articleId: 1 })).source?.csl.title).toBe('習近平將接待李在明');
});

test('the source form shows the citation key, refuses a malformed or taken one, and saves a new one', async ({ page, host }, info) => {
  await openApp(page, host);
  await host.api('sources:set', {
    articleId: 1,
    csl: {
      type: 'article-newspaper',
      title: '習近平將接待李在明',
      author: [
        { family: '王', given: '曉明' },
        { family: 'Whitfield', given: 'Jane' },
      ],
      'container-title': '中央通訊社',
      issued: { 'date-parts': [[2026, 2, 3]] },
      language: 'zh-TW',
    },
  });
  const other = await host.api('articles:import', { name: 'other.txt', text: '另一篇文章\n\n內容。' });
  await host.api('sources:set', { articleId: other.article.id, csl: { type: 'webpage', title: 'Other' }, citationKey: 'taken2026' });
  await page.reload();

  const box = page.getByRole('region', { name: 'Source' });
  await box.getByRole('button', { name: 'Edit source' }).click();
  const form = page.getByRole('form', { name: 'Edit source' });
  const key = form.getByRole('textbox', { name: 'Citation key' });
  await expect(key).toHaveValue('wang2026xijin');
  await expect(key).toHaveAccessibleDescription(/BibTeX, RIS, CSL-JSON and Pandoc/);
  await shoot(page, info, 'source-form-citation-key');

  await key.fill('wang 2026');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(form.getByRole('alert')).toContainText('The citation key "wang 2026" cannot be used');
  await key.fill('TAKEN2026');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(form.getByRole('alert')).toContainText('Another source already has the citation key "TAKEN2026"');
  await expect(key).toHaveValue('TAKEN2026');

  await key.fill('wang-cna-2026');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(form).toHaveCount(0);
  expect((await host.api('sources:get', { articleId: 1 })).source?.citationKey).toBe('wang-cna-2026');

  // Emptied, the key is made again from the fields.
  await box.getByRole('button', { name: 'Edit source' }).click();
  await key.fill('');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(form).toHaveCount(0);
  expect((await host.api('sources:get', { articleId: 1 })).source?.citationKey).toBe('wang2026xijin');
});

test('the source form refuses a date without a word such as 15/12/2025 and a bad URL, in the app’s own words', async ({ page, host }) => {
  await openApp(page, host);
  const box = page.getByRole('region', { name: 'Source' });
  await box.getByRole('button', { name: 'Add source' }).click();
  const form = page.getByRole('form', { name: 'Edit source' });
  await expect(form).toHaveAttribute('novalidate', '');
  await form.getByLabel('Date issued').fill('15/12/2025');
  await form.getByLabel('URL').fill('www.example.org');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(form.getByRole('alert')).toHaveText('Date issued: write the date as YYYY, YYYY-MM or YYYY-MM-DD (2025-12-15), or in words (Spring 2025).');
  await expect(form.getByLabel('Date issued')).toBeFocused();
  await expect(form.getByLabel('Date issued')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('URL')).toHaveAttribute('aria-invalid', 'true');
  expect((await host.api('sources:get', { articleId: 1 })).source).toBeNull();

  await form.getByLabel('Date issued').fill('2025-12-15');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(form.getByRole('alert')).toHaveText('URL: write a full address with its scheme, such as https://example.org/article.');
  await form.getByLabel('URL').fill('https://www.example.org/');
  await form.getByLabel('Date accessed').fill('Spring 2026');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Source saved.' })).toBeVisible();
  const { source } = await host.api('sources:get', { articleId: 1 });
  expect(source?.csl).toMatchObject({ issued: { 'date-parts': [[2025, 12, 15]] }, URL: 'https://www.example.org/', accessed: { literal: 'Spring 2026' } });
});
