import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { INTAKE, startPageServer, type PageServer } from '../unit/pageServer';
import { app, expect, openApp, shoot, test, type Host } from './fixtures';

// The web host fetches only public addresses unless a host is allowed on its command line.
test.use({ serveArgs: ['--allow-fetch', '127.0.0.1'] });

const page = (name: string) => readFileSync(resolve(INTAKE, 'pages', name), 'utf8');

let server: PageServer;
test.beforeAll(async () => {
  server = await startPageServer();
});
test.afterAll(async () => {
  await server.close();
});

async function importFromUrl(p: Page, url: string): Promise<void> {
  await p.getByRole('button', { name: 'Library menu' }).click();
  await p.getByRole('menuitem', { name: 'Import from URL…' }).click();
  const dialog = p.getByRole('dialog', { name: 'Import from URL' });
  await dialog.getByRole('textbox', { name: 'Web address' }).fill(url);
  await dialog.getByRole('button', { name: 'Import' }).click();
}

test('Import from URL reads the main text of a zh-Hant news page, and Check for a new version imports a changed page as a revision', async ({
  page: p,
  host,
}, info) => {
  const path = `/watched-${info.workerIndex}-${Date.now()}`;
  server.set(path, page('news-zh-hant.html'));
  await openApp(p, host);
  await importFromUrl(p, `${server.origin}${path}`);

  const reader = p.locator('.reader-doc');
  await expect(reader.locator('h1')).toHaveText('習近平會見李在明 搶在日韓峰會前拉攏首爾');
  await expect(reader).toContainText('雙方就半導體、稀土供應以及朝鮮半島局勢交換意見。');
  await expect(reader).not.toContainText('讀者留言');
  await expect(reader).not.toContainText('廣告');
  const watch = p.locator('.watch-line');
  await expect(watch).toContainText('Last checked');
  await expect(watch).toContainText('1 revision');

  const { articles } = await host.api('articles:list', {});
  const article = articles.find((a) => a.title.startsWith('習近平會見李在明'))!;
  const body = (await host.api('articles:get', { id: article.id })).article.body;
  const exact = '南韓願意在互相尊重的基礎上';
  await host.api('quotes:create', { articleId: article.id, start: body.indexOf(exact), end: body.indexOf(exact) + exact.length, tags: ['region/Korea'] });
  await expect(app(p).quoteCards.filter({ hasText: exact })).toHaveCount(1);
  await shoot(p, info, 'intake-url-imported');

  await watch.getByRole('button', { name: 'Check for a new version' }).click();
  await expect(p.getByText('The page has not changed; nothing was imported.')).toBeVisible();
  await expect(p.locator('.watch-line')).toContainText('1 revision');

  server.set(path, page('news-zh-hant-v2.html'));
  await p.getByRole('button', { name: 'Article actions' }).click();
  await p.getByRole('menuitem', { name: 'Check for a new version' }).click();
  await expect(p.getByText(/The page had changed: imported it as revision 2/)).toBeVisible();
  await expect(reader).toContainText('也是兩國元首時隔三年再度在北京會面。');
  await expect(p.locator('.watch-line')).toContainText('2 revisions');
  await expect(app(p).quoteCards.filter({ hasText: exact })).toHaveCount(1);
  await shoot(p, info, 'intake-url-revised');
});

test('a URL that fails is told plainly, and a page whose article is not found can be imported whole', async ({ page: p, host }, info) => {
  await openApp(p, host);
  await importFromUrl(p, `${server.origin}/missing`);
  await expect(p.getByText(/\/missing was not found \(HTTP 404\)/)).toBeVisible();

  const links = Array.from({ length: 60 }, (_, i) => `<li><a href="/n${i}">第${i}則新聞標題：颱風、股市與選舉</a></li>`).join('');
  const path = `/portal-${info.workerIndex}-${Date.now()}`;
  server.set(path, `<html lang="zh-Hant"><body><nav><ul>${links}</ul></nav><div class="sidebar"><ul>${links}</ul></div></body></html>`);
  await importFromUrl(p, `${server.origin}${path}`);
  const offer = p.getByRole('dialog', { name: 'Import the whole page?' });
  await expect(offer).toContainText('could not tell the article');
  await offer.getByRole('button', { name: 'Import the whole page' }).click();
  await expect(p.locator('.reader-doc')).toContainText('第59則新聞標題：颱風、股市與選舉');
  const { total } = await host.api('articles:list', {});
  expect(total).toBe(2);
});

/** Imports an address through the api's background job, as the window does, and waits for it. */
async function importByApi(host: Host, url: string): Promise<number> {
  const { job } = await host.api('import:url', { url, wholePage: false });
  for (;;) {
    const { status } = await host.api('import:status', { job });
    if (status.state === 'done') return status.report.articles[0]!.article.id;
    if (status.state !== 'running') throw new Error(`importing ${url} ended ${status.state}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

test('Check all watched articles runs in the background with progress and Cancel, and reports new versions, unchanged pages and failures', async ({
  page: p,
  host,
}, info) => {
  const base = `/all-${info.workerIndex}-${Date.now()}`;
  const [news, ruby, vertical, slow] = ['news', 'ruby', 'vertical', 'slow'].map((name) => `${base}-${name}`) as [string, string, string, string];
  server.set(news, page('news-zh-hant.html'));
  server.set(ruby, page('ruby-ja.html'));
  server.set(vertical, page('vertical.html'));
  const newsId = await importByApi(host, `${server.origin}${news}`);
  await importByApi(host, `${server.origin}${ruby}`);
  await importByApi(host, `${server.origin}${vertical}`);
  const body = (await host.api('articles:get', { id: newsId })).article.body;
  for (const exact of ['南韓願意在互相尊重的基礎上', '這是李在明就任後首度訪問中國']) {
    await host.api('quotes:create', { articleId: newsId, start: body.indexOf(exact), end: body.indexOf(exact) + exact.length, tags: [] });
  }
  await openApp(p, host);

  server.set(news, page('news-zh-hant-v2.html'));
  server.fail(vertical, 'missing');
  await p.getByRole('button', { name: 'Library menu' }).click();
  await p.getByRole('menuitem', { name: 'Check all watched articles' }).click();
  const report = p.getByRole('dialog', { name: 'Watched articles checked' });
  await expect(report).toContainText('Checked 3 articles: 1 with a new version, 1 unchanged, 1 could not be checked.');
  const revised = report.getByRole('region', { name: 'New versions' });
  await expect(revised.getByRole('listitem')).toHaveCount(1);
  await expect(revised).toContainText('習近平會見李在明');
  await expect(revised).toContainText('Revision 2 · 2 quotes placed again');
  const failed = report.getByRole('region', { name: 'Could not be checked' });
  await expect(failed).toContainText('was not found (HTTP 404)');
  await expect(report.getByRole('region', { name: 'Unchanged' }).getByRole('listitem')).toHaveCount(1);
  await shoot(p, info, 'intake-check-all-report');
  await revised.getByRole('button', { name: /^習近平會見李在明/ }).click();
  await expect(report).toBeHidden();
  const reader = p.locator('.reader-doc');
  await expect(reader).toContainText('也是兩國元首時隔三年再度在北京會面。');
  await expect(p.locator('.watch-line')).toContainText('2 revisions');
  expect((await host.api('revisions:list', { articleId: newsId })).revisions).toHaveLength(2);
  await app(p).articles.filter({ hasText: '縦書きの随筆' }).click();
  await expect(p.locator('.watch-line')).toContainText('(last check failed)');
  await expect(p.locator('.watch-error')).toHaveAttribute('title', /not found \(HTTP 404\)/);
  await shoot(p, info, 'intake-check-failed-header');

  // A page that never answers: the count goes on for the others, and Cancel ends the check at once.
  server.set(
    slow,
    '<html lang="zh-Hant"><head><title>慢速網頁</title></head><body><article><h1>慢速網頁</h1><p>這個網頁之後不再回應。</p></article></body></html>',
  );
  await importByApi(host, `${server.origin}${slow}`);
  server.fail(slow, 'hang');
  await p.getByRole('button', { name: 'Library menu' }).click();
  await p.getByRole('menuitem', { name: 'Check all watched articles' }).click();
  const progress = p.locator('.toast-busy');
  await expect(progress).toContainText(/Checking watched articles: 3 of 4 checked/);
  const asked = Date.now();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(p.getByText('Check stopped after 3 of 4 articles; those already checked keep their new versions.')).toBeVisible();
  // Well before the page's 20-second fetch limit (the unit test times the stop itself: under a second).
  expect(Date.now() - asked).toBeLessThan(5000);
  await expect(p.getByRole('dialog', { name: 'Watched articles checked' })).toHaveCount(0);
});
