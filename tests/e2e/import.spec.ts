import { strToU8, zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { app, bodyRange, expect, openApp, shoot, test } from './fixtures';

async function libraryMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Library menu' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

function docx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'word/document.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      ),
    }),
  );
}

test('importing W3C annotations places the quotes it can and lists the ones it cannot', async ({ page, host }, info) => {
  await openApp(page, host);
  const { article } = await host.api('articles:get', { id: 1 });
  const annotation = (id: string, exact: string, tag: string) => ({
    id: `urn:uuid:${id}`,
    type: 'Annotation',
    motivation: 'commenting',
    body: [
      { type: 'TextualBody', purpose: 'commenting', value: '從另一個工具匯入的註記' },
      { type: 'TextualBody', purpose: 'tagging', value: tag },
    ],
    target: { source: `urn:uuid:${article.uuid}`, selector: [{ type: 'TextQuoteSelector', exact }] },
  });
  const file = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    first: {
      type: 'AnnotationPage',
      items: [
        annotation('6d0f3c36-6c1a-4f59-9a0e-8b1c2f1e7a01', '中國是北韓的主要盟友與經濟命脈。', 'imported/盟友'),
        annotation('6d0f3c36-6c1a-4f59-9a0e-8b1c2f1e7a02', '這段文字不在任何一篇文章裡。', 'imported/遺失'),
      ],
    },
  };

  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'hypothesis-export.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify(file)) });

  const report = page.getByRole('dialog', { name: 'Import report' });
  await expect(report).toBeVisible();
  await expect(report).toContainText('hypothesis-export.jsonld');
  await expect(report).toContainText('W3C Web Annotation');
  const quotesRow = report.getByRole('row', { name: /^Quotes/ });
  await expect(quotesRow.getByRole('cell')).toHaveText(['1', '0', '1']);
  const unmatched = report.getByRole('list', { name: 'Quotes not placed' }).getByRole('listitem');
  await expect(unmatched).toHaveCount(1);
  await expect(unmatched.first()).toContainText('這段文字不在任何一篇文章裡。');
  await shoot(page, info, 'import-report');
  await report.getByRole('button', { name: 'Close' }).click();

  // The placed quote shows in the open article at once.
  await expect(app(page).quoteCards.filter({ hasText: '中國是北韓的主要盟友與經濟命脈。' })).toHaveCount(1);
  await expect(app(page).highlights.filter({ hasText: '中國是北韓的主要盟友與經濟命脈。' })).toHaveCount(1);
  expect((await host.api('quotes:list', {})).quotes.map((q) => q.exact)).toEqual(['中國是北韓的主要盟友與經濟命脈。']);
});

test('references and Word documents are recognised by content; a Word file arrives as bytes', async ({ page, host }) => {
  await openApp(page, host);
  const bib = '@article{wang2025,\n  title = {半導體供應鏈的地緣政治},\n  author = {Wang, Xiaoming},\n  journal = {天下雜誌},\n  year = {2025}\n}\n';
  await page.locator('input[type=file]').setInputFiles({ name: 'refs.bib', mimeType: 'application/x-bibtex', buffer: Buffer.from(bib) });
  const report = page.getByRole('dialog', { name: 'Import report' });
  await expect(report).toContainText('BibTeX references');
  await expect(
    report
      .getByRole('row', { name: /^Sources/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('1');
  await page.keyboard.press('Escape');

  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/import:start')) requests.push(r.postData() ?? '');
  });
  await page.locator('input[type=file]').setInputFiles({
    name: '稀土報告.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: docx(['稀土出口管制', '北京宣布新的稀土出口管制措施。']),
  });
  await expect(page.getByRole('status').filter({ hasText: 'Imported “稀土出口管制”.' })).toBeVisible();
  await expect(page.locator('.reader-doc h1')).toHaveText('稀土出口管制');
  expect(JSON.parse(requests[0]!)).toMatchObject({ name: '稀土報告.docx', base64: expect.any(String) });
  expect((await host.api('sources:list', {})).sources.map((s) => s.csl.title)).toContain('半導體供應鏈的地緣政治');
});

test('Paste text as an article imports it and opens it', async ({ page, host }) => {
  await openApp(page, host);
  await libraryMenu(page, 'Paste text as an article…');
  const dialog = page.getByRole('dialog', { name: 'Paste text as an article' });
  await dialog.getByRole('textbox', { name: 'Text to import' }).fill('韓美同盟的新課題\n\n駐韓美軍的角色正在改變。\n\n專家認為，這將影響東北亞的平衡。');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported “韓美同盟的新課題”.' })).toBeVisible();
  await expect(page.locator('.reader-doc h1')).toHaveText('韓美同盟的新課題');
  await expect(page.locator('.reader-doc p')).toHaveText(['駐韓美軍的角色正在改變。', '專家認為，這將影響東北亞的平衡。']);
  await expect(app(page).articles).toHaveCount(2);
});

test('files dropped on the window are imported; other drags are left alone', async ({ page, host }) => {
  await openApp(page, host);
  const drop = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['# 東北亞十字路口\n\n中韓關係的複雜化。\n'], 'crossroads.md', { type: 'text/markdown' }));
    return dt;
  });
  await page.dispatchEvent('.center-pane', 'dragenter', { dataTransfer: drop });
  await expect(page.locator('.drop-overlay')).toBeVisible();
  await expect(page.locator('.drop-overlay')).toContainText('Drop to import');
  await page.dispatchEvent('.center-pane', 'dragover', { dataTransfer: drop });
  await page.dispatchEvent('.center-pane', 'drop', { dataTransfer: drop });
  await expect(page.locator('.drop-overlay')).toBeHidden();
  await expect(page.locator('.reader-doc h1')).toHaveText('東北亞十字路口');
  await expect(app(page).articles).toHaveCount(2);

  const text = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '只是文字');
    return dt;
  });
  await page.dispatchEvent('.center-pane', 'dragenter', { dataTransfer: text });
  await expect(page.locator('.drop-overlay')).toBeHidden();
});

test('an Apostil JSON backup merges without duplicates, with progress shown while it runs', async ({ page, host }) => {
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '中國是北韓的主要盟友與經濟命脈。')), tags: ['region/North Korea'] });
  const backup = await host.api('export:run', { format: 'json', scope: { kind: 'all' } });
  await openApp(page, host);
  // The first answers say the job is half done, so the progress can be seen; then the real ones come through.
  let polls = 0;
  await page.route(
    (url) => decodeURIComponent(url.pathname) === '/api/import:status',
    async (route) => {
      if (++polls > 4) return route.continue();
      await route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: true, value: { status: { state: 'running', name: backup.filename, done: 1, total: 2 } } }),
      });
    },
  );
  await page.locator('input[type=file]').setInputFiles({ name: backup.filename, mimeType: 'application/json', buffer: Buffer.from(backup.content) });
  const progress = page.getByRole('status').filter({ hasText: `Importing ${backup.filename}… 50%` });
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible();
  const report = page.getByRole('dialog', { name: 'Import report' });
  await expect(report).toContainText('Apostil library (JSON)');
  await expect(report.getByRole('row', { name: /^Articles/ }).getByRole('cell')).toHaveText(['0', '1', '']);
  await expect(report.getByRole('row', { name: /^Quotes/ }).getByRole('cell')).toHaveText(['0', '1', '0']);
  await expect(page.getByRole('status').filter({ hasText: 'Importing' })).toHaveCount(0);
  expect((await host.api('quotes:list', {})).quotes).toHaveLength(1);
});

test('Cancel stops a running import: the job is asked to stop and the toast says nothing was imported', async ({ page, host }) => {
  await openApp(page, host);
  // The job is played by the page's routes, so that it is still running when Cancel is pressed.
  const asked: string[] = [];
  const answer = (value: unknown) => ({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
  const channel = (name: string) => (url: URL) => decodeURIComponent(url.pathname) === `/api/${name}`;
  await page.route(channel('import:start'), (route) => (asked.push('start'), route.fulfill(answer({ job: 7 }))));
  await page.route(
    channel('import:cancel'),
    (route) => (asked.push(`cancel ${JSON.parse(route.request().postData()!).job}`), route.fulfill(answer({ cancelled: true }))),
  );
  await page.route(channel('import:status'), (route) =>
    route.fulfill(
      answer({
        status: asked.some((a) => a.startsWith('cancel'))
          ? { state: 'cancelled', name: 'big.json' }
          : { state: 'running', name: 'big.json', done: 30, total: 100 },
      }),
    ),
  );
  await page.locator('input[type=file]').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
  const progress = page.getByRole('status').filter({ hasText: 'Importing big.json… 30%' });
  await expect(progress).toBeVisible();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import of big.json cancelled; nothing from it was imported.' })).toBeVisible();
  expect(asked).toEqual(['start', 'cancel 7']);
  expect((await host.api('articles:list', {})).articles).toHaveLength(1);
});

test('a multi-file import shows which file is running; Cancel stops the running file and the rest', async ({ page, host }) => {
  await openApp(page, host);
  const answer = (value: unknown) => ({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
  const channel = (name: string) => (url: URL) => decodeURIComponent(url.pathname) === `/api/${name}`;
  // The first file imports for real; the second is a job that runs until it is asked to stop.
  let calls = 0;
  let cancelAsked = false;
  await page.route(channel('import:start'), async (route) => {
    calls++;
    if (calls === 1) return route.continue();
    await route.fulfill(answer({ job: 9999 }));
  });
  await page.route(channel('import:cancel'), async (route) => {
    if ((route.request().postDataJSON() as { job: number }).job !== 9999) return route.continue();
    cancelAsked = true;
    await route.fulfill(answer({ cancelled: true }));
  });
  await page.route(channel('import:status'), async (route) => {
    if ((route.request().postDataJSON() as { job: number }).job !== 9999) return route.continue();
    await route.fulfill(
      answer({ status: cancelAsked ? { state: 'cancelled', name: '第2篇.txt' } : { state: 'running', name: '第2篇.txt', done: 0, total: 1 } }),
    );
  });
  const files = [1, 2, 3, 4].map((n) => ({ name: `第${n}篇.txt`, mimeType: 'text/plain', buffer: Buffer.from(`第${n}篇報導\n\n內容第${n}段。`) }));
  await page.locator('input[type=file]').setInputFiles(files);
  await expect(page.getByRole('status').filter({ hasText: 'Importing 2 of 4: 第2篇.txt' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import stopped: 1 of 4 files imported.' })).toBeVisible();
  const { articles } = await host.api('articles:list', {});
  expect(
    articles
      .map((a) => a.title)
      .filter((t) => t.startsWith('第'))
      .sort(),
  ).toEqual(['第1篇報導']);
  expect(calls).toBe(2);
  expect(cancelAsked).toBe(true);
});

test('the import report does not call a reference repeated inside one file “already there”', async ({ page, host }) => {
  await openApp(page, host);
  // The same work twice (one address), under two keys.
  const entry =
    '@article{wang2025,\n  title = {半導體供應鏈的地緣政治},\n  author = {Wang, Xiaoming},\n  journal = {天下雜誌},\n  year = {2025},\n  url = {https://example.org/chips}\n}\n';
  const bib = `${entry}\n${entry.replace('wang2025', 'wang2025b')}`;
  await page.locator('input[type=file]').setInputFiles({ name: 'twice.bib', mimeType: 'application/x-bibtex', buffer: Buffer.from(bib) });
  const report = page.getByRole('dialog', { name: 'Import report' });
  const sources = report.getByRole('row', { name: /^Sources/ }).getByRole('cell');
  await expect(sources.nth(0)).toHaveText('1');
  await expect(sources.nth(1)).toHaveText('0');
  await expect(report).toContainText('Repeated inside this file, kept once: 1.');
});
