import { SAMPLE, app, bodyRange, dragOver, expect, openApp, selectInReader, test } from './fixtures';

test('the sample article opens in the reader, typeset in a CJK font', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);

  await expect(ui.articles).toHaveCount(1);
  await expect(ui.articles.first()).toContainText(SAMPLE.title);
  await expect(ui.articles.first()).toHaveAttribute('aria-current', 'page');

  await expect(page.locator('.reader-doc h1')).toHaveText(SAMPLE.title);
  await expect(page.locator('.reader-doc h2').first()).toHaveText(SAMPLE.heading);
  await expect(page.locator('.reader-doc p').first()).toContainText('李在明將於4日到7日對中國進行4天的國是訪問。');
  // The title is the first paragraph of the body: it must not be drawn twice.
  await expect(page.locator('.reader-doc').getByText('中國國家主席習近平4日將接待')).toHaveCount(1);
  await expect(page.locator('#reader')).toHaveAttribute('lang', 'zh-Hant');
  await expect(page.locator('.reader-meta time')).toHaveAttribute('datetime', '2026-01-02');

  const paragraph = page.locator('.reader-doc p').first();
  const family = await paragraph.evaluate((p) => getComputedStyle(p).fontFamily);
  expect(family).toMatch(/^"Noto Serif CJK TC"/);
  // Ask the renderer which font actually drew the glyphs, not just what CSS asked for.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.reader-doc p' });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  const main = [...fonts].sort((a, b) => b.glyphCount - a.glyphCount)[0];
  expect(main?.familyName).toMatch(/Noto (Serif|Sans) CJK/);
  const lineHeight = await paragraph.evaluate((p) => parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize));
  expect(lineHeight).toBeGreaterThan(1.7);
});

test('a kept quote is highlighted, listed, and still there after a reload', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  const passage = '這將是習近平與李在明在僅僅2個月內的第二度會面';

  await expect(ui.quoteButton).toBeDisabled();
  await expect(ui.quotesRegion).toContainText('No quotes yet');
  await selectInReader(page, passage);
  await expect(ui.quoteButton).toBeEnabled();
  await ui.quoteButton.click();

  await expect(ui.quoteCards).toHaveCount(1);
  await expect(ui.quoteCards.first().locator('.quote-text')).toHaveText(passage);
  await expect(ui.highlights).toHaveCount(1);
  await expect(ui.highlights.first()).toHaveText(passage);
  await expect(ui.quoteButton).toBeDisabled();
  await expect(ui.articles.first().locator('.article-quotes')).toHaveText('❝1');

  const { article } = await host.api('articles:get', { id: 1 });
  const [stored] = (await host.api('quotes:list', { articleId: 1 })).quotes;
  expect(stored?.exact).toBe(passage);
  expect(stored?.start).toBe(article.body.indexOf(passage));
  expect(stored?.end).toBe(article.body.indexOf(passage) + passage.length);
  await expect(ui.highlight(stored!.id)).toHaveText(passage);

  await page.reload();
  await expect(ui.quoteCards).toHaveCount(1);
  await expect(ui.quoteCards.first().locator('.quote-text')).toHaveText(passage);
  await expect(ui.highlight(stored!.id)).toHaveText(passage);
  await expect(page.locator('.reader-doc h1')).toHaveText(SAMPLE.title);
});

test('Ctrl+Shift+E keeps a passage selected with the mouse', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  const passage = '北京對日本祭出觀光、經濟等一連串報復手段';

  await dragOver(page, passage);
  await expect(ui.quoteButton).toBeEnabled();
  await page.keyboard.press('Control+Shift+E');

  await expect(ui.quoteCards).toHaveCount(1);
  await expect(ui.quoteCards.first().locator('.quote-text')).toHaveText(passage);
  await expect(ui.highlights.first()).toHaveText(passage);
  const { quotes } = await host.api('quotes:list', { articleId: 1 });
  expect(quotes.map((q) => q.exact)).toEqual([passage]);

  // With nothing selected the shortcut keeps nothing.
  await page.locator('.reader-doc p').first().click();
  await page.keyboard.press('Control+Shift+E');
  await expect(ui.quoteCards).toHaveCount(1);
  expect((await host.api('quotes:list', { articleId: 1 })).quotes).toHaveLength(1);
});

test('a selection across two paragraphs keeps the text of both, blank line included', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  const tail = '並促進經濟合作與觀光旅遊。';
  const head = '在日本首相高市早苗';

  await selectInReader(page, tail, head);
  await ui.quoteButton.click();
  await expect(ui.quoteCards).toHaveCount(1);

  const [quote] = (await host.api('quotes:list', { articleId: 1 })).quotes;
  expect(quote?.exact).toBe(`${tail}\n\n${head}`);
  const pieces = ui.highlight(quote!.id);
  await expect(pieces).toHaveCount(2);
  await expect(pieces.nth(0)).toHaveText(tail);
  await expect(pieces.nth(1)).toHaveText(head);
  await expect(ui.quoteCards.first().locator('.quote-text')).toHaveText(`${tail}\n\n${head}`);
});

test('highlights and quote cards point at each other; overlapping quotes stay distinct', async ({ page, host }) => {
  const outer = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '分析人士說，習近平邀請李在明進行國是訪問')) });
  const inner = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '習近平邀請李在明')) });
  await openApp(page, host);
  const ui = app(page);

  await expect(ui.quoteCards).toHaveCount(2);
  await expect.poll(() => ui.highlightText(outer.quote.id)).toBe('分析人士說，習近平邀請李在明進行國是訪問');
  await expect(ui.highlight(inner.quote.id)).toHaveText('習近平邀請李在明');
  await expect(ui.highlight(inner.quote.id)).toHaveClass(/quote-overlap/);
  // Where they overlap the inner highlight is nested inside the outer one, so both backgrounds show.
  await expect(ui.highlight(outer.quote.id).locator(`[data-quote-id="${inner.quote.id}"]`)).toHaveCount(1);

  await ui.highlight(inner.quote.id).click();
  const innerCard = ui.quotesRegion.locator(`.quote-card[data-quote-id="${inner.quote.id}"]`);
  await expect(innerCard).toHaveClass(/active/);
  await expect(ui.highlight(inner.quote.id)).toHaveClass(/quote-active/);

  const outerCard = ui.quotesRegion.locator(`.quote-card[data-quote-id="${outer.quote.id}"]`);
  await outerCard.locator('.quote-text').click();
  await expect(outerCard).toHaveClass(/active/);
  await expect(innerCard).not.toHaveClass(/active/);
  await expect(ui.highlight(outer.quote.id).first()).toHaveClass(/quote-flash/);
});

test('choosing a quote in the panel scrolls its highlight into view', async ({ page, host }) => {
  const far = '根據南韓媒體報導，K-POP龍頭「SM娛樂公司」(SM Entertainment)執行長';
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, far)) });
  await openApp(page, host);
  const ui = app(page);

  await expect(ui.highlight(quote.id)).toHaveText(far);
  await expect(ui.highlight(quote.id)).not.toBeInViewport();
  await ui.quotesRegion.locator('.quote-text').click();
  await expect(ui.highlight(quote.id)).toBeInViewport();
  await expect(ui.highlight(quote.id)).toHaveClass(/quote-flash/);
  await expect(ui.highlight(quote.id)).not.toHaveClass(/quote-flash/, { timeout: 4000 });
  await expect(ui.highlight(quote.id)).toHaveClass(/quote-active/);
});

test('CJK paragraphs are justified only in a column wide enough to keep Latin runs from opening wide gaps', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, host);
  const paragraph = page.locator('.reader-doc p').first();
  await expect(paragraph).toHaveCSS('text-align', 'justify');
  await page.setViewportSize({ width: 760, height: 900 });
  await expect(paragraph).not.toHaveCSS('text-align', 'justify');
});
