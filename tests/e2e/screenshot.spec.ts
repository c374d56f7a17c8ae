import { copyFileSync, mkdirSync } from 'node:fs';
import { app, bodyRange, expect, openApp, selectInReader, shoot, test, type Host } from './fixtures';

/**
 * Renders each main view of the app with the Chinese sample and a few tagged,
 * commented, coloured quotes, a source and a note, at 1400×900. The images land
 * in the test output; with UPDATE_SCREENSHOTS=1 the reader ones also replace
 * docs/screenshot.png and docs/screenshot-dark.png (the README shows them).
 */

async function seed(host: Host) {
  const keep = async (text: string, extra: { tags?: string[]; comment?: string; color?: string } = {}) =>
    (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), ...extra })).quote;
  const first = await keep('這將是習近平與李在明在僅僅2個月內的第二度會面，而這個不尋常的時間間隔，表明了中國渴望加強與首爾關係', {
    tags: ['region/Korea', '外交'],
    comment: '兩個月內第二度會面：時間點本身就是新聞。',
  });
  const second = await keep('北京對日本祭出觀光、經濟等一連串報復手段', { tags: ['region/Japan', '經濟施壓'], comment: '觀光與經濟雙管齊下。' });
  const third = await keep('習近平邀請李在明進行國是訪問，是旨在深化雙邊關係的精心策劃之舉', { tags: ['外交/國是訪問'] });
  await keep('精心策劃之舉', { color: '#4f8fe0' });
  await keep('首爾近半數的稀土礦產供應來自中國', { tags: ['經濟施壓/稀土', 'region/Korea'], comment: '供應鏈依賴。' });
  const tags = (await host.api('tags:list', {})).tags;
  const id = (path: string) => tags.find((t) => t.path === path)!.id;
  await host.api('tags:update', { id: id('經濟施壓'), color: '#e05a4e' });
  await host.api('tags:update', { id: id('外交'), color: '#2fa39a' });
  await host.api('sources:set', {
    articleId: 1,
    csl: {
      type: 'article-newspaper',
      title: '習近平將接待李在明',
      author: [{ literal: '中央社' }],
      'container-title': '中央通訊社',
      issued: { 'date-parts': [[2026, 1, 2]] },
      URL: 'https://www.cna.com.tw/news/aopl/202601020001.aspx',
      language: 'zh-Hant',
    },
  });
  const doomed = await keep('北京也佔首爾年度晶片出口的三分之一', { tags: ['trade'] });
  await host.api('quotes:delete', { id: doomed.id });
  const { note } = await host.api('notes:create', {
    title: '中韓關係：兩個月內兩度會面',
    doc: {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '為何是現在' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '北京在對日施壓的同時拉攏首爾，' },
            { type: 'text', marks: [{ type: 'strong' }], text: '時間點' },
            { type: 'text', text: '說明一切：' },
          ],
        },
        { type: 'quote_embed', attrs: { quoteId: first.id } },
        {
          type: 'bullet_list',
          content: [
            { type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: '觀光、經濟報復針對日本' }] }] },
            { type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: '國是訪問的規格' }] }] },
          ],
        },
        { type: 'quote_embed', attrs: { quoteId: second.id } },
        { type: 'quote_embed', attrs: { quoteId: doomed.id } },
      ],
    },
  });
  return { first, second, third, note };
}

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot of the reader with quotes (${scheme})`, async ({ page, host }, info) => {
    const { third } = await seed(host);
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page, host);
    const ui = app(page);
    await expect(ui.quoteCards).toHaveCount(5);
    await ui.highlight(third.id).first().click();
    await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${third.id}"]`)).toHaveClass(/active/);
    await page.mouse.move(0, 0);
    await selectInReader(page, '據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。');
    await expect(ui.quoteButton).toBeEnabled();
    const file = await shoot(page, info, `screenshot-${scheme}`);
    if (process.env.UPDATE_SCREENSHOTS) {
      mkdirSync('docs', { recursive: true });
      copyFileSync(file, scheme === 'light' ? 'docs/screenshot.png' : 'docs/screenshot-dark.png');
    }
  });
}

test('screenshots of every view', async ({ page, host }, info) => {
  const { first, note } = await seed(host);
  await openApp(page, host);
  const ui = app(page);

  await ui.highlight(first.id).first().hover();
  await expect(page.getByRole('tooltip')).toBeVisible();
  await shoot(page, info, 'view-tooltip');

  await selectInReader(page, '據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。');
  await page.keyboard.press('Control+Shift+E');
  const popover = page.getByRole('dialog', { name: 'Tags and comment for the new quote' });
  await expect(popover.getByRole('combobox', { name: 'Tags' })).toBeFocused();
  await page.keyboard.type('reg');
  await expect(popover.getByRole('option').first()).toBeVisible();
  await shoot(page, info, 'view-keep-popover');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  await page.getByRole('region', { name: 'Source' }).getByRole('button', { name: 'Edit source' }).click();
  await shoot(page, info, 'view-source-form');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /^All quotes/ }).click();
  await expect(page.getByRole('region', { name: 'All quotes' }).locator('.quote-card')).toHaveCount(6);
  await shoot(page, info, 'view-all-quotes');

  await page.getByRole('button', { name: /^Tags/ }).click();
  await expect(page.locator('.tag-line').first()).toBeVisible();
  await shoot(page, info, 'view-tags');

  await page.getByRole('button', { name: /^Trash/ }).click();
  await expect(page.locator('.trash-item')).toHaveCount(1);
  await shoot(page, info, 'view-trash');

  await page
    .getByRole('list', { name: 'Notes' })
    .getByRole('button', { name: new RegExp(note.title) })
    .click();
  await expect(page.locator('.quote-embed')).toHaveCount(3);
  await shoot(page, info, 'view-note');

  await page.emulateMedia({ colorScheme: 'dark' });
  // Let colour transitions finish before the picture.
  await page.waitForTimeout(400);
  await shoot(page, info, 'view-note-dark');
});
