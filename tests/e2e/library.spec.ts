import { SAMPLE, app, expect, openApp, shoot, test } from './fixtures';

const ARTICLE = ['date 2026-02-03', '稀土供應鏈的新局面', '', '首爾與北京同意就關鍵礦產展開對話。', '', '分析人士指出，這項合作仍有變數。'].join('\n');

test('importing a .txt file adds it to the library and opens it; a reload reopens it', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);

  await page.locator('input[type=file]').setInputFiles({ name: 'rare-earths.zh-Hant.txt', mimeType: 'text/plain', buffer: Buffer.from(ARTICLE) });

  await expect(ui.articles).toHaveCount(2);
  // Newest date first: the imported article (2026-02-03) leads the sample (2026-01-02).
  await expect(ui.articles.nth(0)).toContainText('稀土供應鏈的新局面');
  await expect(ui.articles.nth(1)).toContainText(SAMPLE.title);
  await expect(ui.articles.nth(0)).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.reader-doc h1')).toHaveText('稀土供應鏈的新局面');
  await expect(page.locator('.reader-doc p')).toHaveText(['首爾與北京同意就關鍵礦產展開對話。', '分析人士指出，這項合作仍有變數。']);
  await expect(page.locator('#reader')).toHaveAttribute('lang', 'zh-Hant');
  await expect(page.getByRole('status').filter({ hasText: 'Imported “稀土供應鏈的新局面”.' })).toBeVisible();
  // While a toast shows, the reader can scroll its last paragraph above it.
  const readerPadding = () => page.locator('.reader').evaluate((el) => parseFloat(getComputedStyle(el).paddingBottom));
  const toastHeight = await page.locator('.toasts').evaluate((el) => (el as HTMLElement).offsetHeight);
  await expect.poll(readerPadding).toBeGreaterThanOrEqual(120 + toastHeight);
  expect((await host.api('articles:list', {})).articles.map((a) => a.title)).toEqual(['稀土供應鏈的新局面', SAMPLE.title]);

  await page.reload();
  await expect(page.locator('.reader-doc h1')).toHaveText('稀土供應鏈的新局面');

  await ui.articles.nth(1).click();
  await expect(page.locator('.reader-doc h1')).toHaveText(SAMPLE.title);
  await page.reload();
  await expect(page.locator('.reader-doc h1')).toHaveText(SAMPLE.title);

  // The same text again is recognised, not duplicated.
  await page.locator('input[type=file]').setInputFiles({ name: 'again.txt', mimeType: 'text/plain', buffer: Buffer.from(ARTICLE) });
  await expect(page.getByRole('status').filter({ hasText: 'is already in your library' })).toBeVisible();
  await expect(ui.articles).toHaveCount(2);
  await expect(page.locator('.reader-doc h1')).toHaveText('稀土供應鏈的新局面');
});

test('the access token moves from the address bar into the session, so a reload still works', async ({ page, host }) => {
  await openApp(page, host);
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.evaluate(() => sessionStorage.getItem('apostil.token'))).toBe(host.token);
  await page.reload();
  await expect(page.locator('.reader-doc h1')).toHaveText(SAMPLE.title);
});

test('the articles list has a title filter: it narrows the list, says how many match and clears with Escape', async ({ page, host }) => {
  const titles = ['Seoul and Beijing talk trade', 'Ｓｅｏｕｌ　ｗｉｄｅ　ｌｅｔｔｅｒｓ', '稀土的新局面', 'Nothing to see'];
  for (const [i, title] of titles.entries()) await host.api('import:run', { name: `a${i}.txt`, text: `${title}\n\nBody ${i} of the article.` });
  await openApp(page, host);
  const list = page.getByRole('list', { name: 'Articles' });
  const rows = list.locator('.article-item');
  await expect(rows).toHaveCount(5);
  const filter = page.getByRole('searchbox', { name: 'Filter articles by title' });
  await filter.fill('seoul');
  await expect(rows).toHaveCount(2); // full-width letters match too
  await expect(page.locator('.pane-subheader', { hasText: 'Articles' })).toContainText('2 of 5');
  await filter.fill('稀土');
  await expect(rows).toHaveText([/稀土的新局面/]);
  await filter.fill('no such title');
  await expect(list).toContainText('No article title matches the filter.');
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(rows).toHaveCount(5);
  // The notes below stay reachable: the filter only narrows the articles.
  await expect(page.getByRole('list', { name: 'Notes' })).toBeVisible();
});

test('past a long articles list the notes heading stays in view, and clicking it goes to the notes', async ({ page, host }, info) => {
  for (let i = 0; i < 30; i++)
    await host.api('articles:import', { name: `n${i}.txt`, text: `第${i + 1}篇：稀土供應鏈\n\n首爾與北京同意就關鍵礦產展開對話 ${i}。` });
  await host.api('notes:create', { title: '稀土筆記', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '供應鏈' }] }] } });
  await openApp(page, host);
  const sidebar = page.locator('.library-scroll');
  const heading = page.locator('.notes-subheader');
  const note = page.getByRole('list', { name: 'Notes' }).getByRole('button', { name: /稀土筆記/ });
  const inView = async (el: typeof heading) => {
    const [box, port] = await Promise.all([el.boundingBox(), sidebar.boundingBox()]);
    return !!box && !!port && box.y >= port.y - 1 && box.y + box.height <= port.y + port.height + 1;
  };
  await expect(page.locator('.article-item').first()).toBeVisible();
  expect(await inView(heading)).toBe(true);
  expect(await inView(note)).toBe(false);
  await shoot(page, info, 'library-notes-heading');
  await heading.getByRole('button', { name: 'Notes' }).click();
  await expect.poll(() => inView(note)).toBe(true);
  await expect(note).toBeFocused();
});
