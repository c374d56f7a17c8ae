import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { app, bodyRange, expect, openApp, test } from './fixtures';

const CLI = resolve(process.env.APOSTIL_CLI ?? 'dist/cli/apostil.js');

test('changes made elsewhere reach every open view without a reload', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  await expect(ui.quoteCards).toHaveCount(0);

  // Another window (here: a plain api call) keeps a quote in the open article: highlight, card and counts follow.
  const passage = '李在明將於4日到7日對中國進行4天的國是訪問';
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, passage)), tags: ['region/Korea'] });
  await expect(ui.highlight(quote.id)).toHaveText(passage);
  await expect(ui.quoteCards).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^All quotes/ })).toContainText('1');
  await expect(ui.articles.first().locator('.article-quotes')).toHaveText('❝1');

  // A comment written elsewhere shows on the card; a tag renamed elsewhere shows on it too.
  await host.api('quotes:update', { id: quote.id, comment: '國是訪問' });
  await expect(ui.quoteCards.first().getByRole('textbox', { name: 'Comment' })).toHaveValue('國是訪問');
  const korea = (await host.api('tags:list', {})).tags.find((t) => t.path === 'region/Korea')!;
  await host.api('tags:rename', { id: korea.id, name: '南韓' });
  await expect(ui.quoteCards.first().locator('.tag-name')).toHaveText(['region/南韓']);

  // All quotes, open, hears of a quote kept elsewhere and of one deleted elsewhere.
  await page.getByRole('button', { name: /^All quotes/ }).click();
  const view = page.getByRole('region', { name: 'All quotes' });
  await expect(view.locator('.quote-card')).toHaveCount(1);
  const other = (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '北京對日本祭出觀光')) })).quote;
  await expect(view.locator('.quote-card')).toHaveCount(2);
  await host.api('quotes:delete', { id: other.id });
  await expect(view.locator('.quote-card')).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^Trash/ })).toContainText('1');

  // A note created elsewhere appears in the library.
  await host.api('notes:create', { title: '別處的筆記' });
  await expect(page.getByRole('list', { name: 'Notes', exact: true })).toContainText('別處的筆記');
});

test('the CLI writing to the library while the app runs shows in the open views without a reload', async ({ page, host }) => {
  const passage = '李在明將於4日到7日對中國進行4天的國是訪問';
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, passage)), tags: ['region/Korea'] });
  await openApp(page, host);
  const ui = app(page);
  await expect(ui.quoteCards).toHaveCount(1);
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [CLI, '--db', host.db, ...args], { env: { ...process.env, APOSTIL_DB: '' }, encoding: 'utf8' });

  // Another process — the command line — writes to the same file: a comment, then a renamed tag.
  cli('comment', String(quote.id), '命令列寫的評論');
  await expect(ui.quoteCards.first().getByRole('textbox', { name: 'Comment' })).toHaveValue('命令列寫的評論');
  cli('rename-tag', 'region/Korea', '南韓');
  await expect(ui.quoteCards.first()).toContainText('南韓');
  await expect(ui.quoteCards.first()).not.toContainText('Korea');
});

test('a note loads only the quotes it embeds, and no list loads the whole library', async ({ page, host }) => {
  const keep = async (articleId: number, text: string) => (await host.api('quotes:create', { articleId, ...(await bodyRange(host, text, articleId)) })).quote;
  const { article } = await host.api('articles:import', { name: 'rare.txt', text: '稀土供應鏈的新局面\n\n首爾與北京同意就關鍵礦產展開對話。' });
  // The note embeds a quote of an article that is not open: it is fetched by id, alone.
  const embedded = await keep(article.id, '首爾與北京同意就關鍵礦產展開對話');
  await keep(1, '李在明將於4日到7日對中國進行4天的國是訪問');
  const { note } = await host.api('notes:create', {
    title: '只載入嵌入的摘錄',
    doc: { type: 'doc', content: [{ type: 'quote_embed', attrs: { quoteId: embedded.id } }] },
  });
  const requests: { channel: string; body: Record<string, unknown> }[] = [];
  page.on('request', (r) => {
    const m = /\/api\/([^/?]+)$/.exec(r.url());
    if (m) requests.push({ channel: decodeURIComponent(m[1]!), body: JSON.parse(r.postData() ?? '{}') as Record<string, unknown> });
  });
  await page.addInitScript(() => localStorage.setItem('apostil.lastArticle', '1'));
  await openApp(page, host);
  await page.locator(`.note-item[data-note-id="${note.id}"]`).click();
  await expect(page.locator('.quote-embed .embed-text')).toHaveText(embedded.exact);
  await page.getByRole('button', { name: /^All quotes/ }).click();
  await expect(page.locator('.view:not([hidden]) .quote-card')).toHaveCount(2);
  await page.getByRole('button', { name: /^Trash/ }).click();
  await expect(page.getByText('The trash is empty')).toBeVisible();

  expect(requests.filter((r) => r.channel === 'quotes:get').map((r) => r.body.ids)).toContainEqual([embedded.id]);
  // Every quote list the window asked for is one article's, or a window with a limit.
  const unbounded = requests.filter((r) => r.channel === 'quotes:list' && r.body.articleId === undefined && r.body.limit === undefined);
  expect(unbounded).toEqual([]);
});
