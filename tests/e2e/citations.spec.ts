import type { Page } from '@playwright/test';
import { app, bodyRange, expect, openApp, shoot, test, type Host } from './fixtures';

async function seed(host: Host) {
  const range = await bodyRange(host, '習近平邀請李在明進行國是訪問');
  const { quote } = await host.api('quotes:create', { articleId: 1, ...range });
  await host.api('sources:set', {
    articleId: 1,
    csl: {
      type: 'article-newspaper',
      title: '習近平將接待李在明',
      author: [
        { family: '王', given: '小明' },
        { family: 'Kim', given: 'Minsu' },
      ],
      'container-title': '中央通訊社',
      issued: { 'date-parts': [[2026, 1, 2]] },
      URL: 'https://example.org/cna',
    },
  });
  return quote;
}

/**
 * Reads what the page put on the system clipboard, as HTML and as plain text. Chromium
 * throws "Clipboard data has changed" when the clipboard changes between `read()` and
 * `getType()`; the read is then simply taken again.
 */
async function clipboard(page: Page): Promise<{ html: string; text: string }> {
  return page.evaluate(async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        const [item] = await navigator.clipboard.read();
        return { html: await (await item!.getType('text/html')).text(), text: await (await item!.getType('text/plain')).text() };
      } catch (err) {
        if (attempt >= 20 || !(err instanceof DOMException && err.name === 'InvalidStateError')) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
}

/** Records every rich-text item the app hands to `navigator.clipboard.write`, in order, as `window.apostilCopies`. */
async function recordCopies(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const copies: { html: string; text: string }[] = [];
    (window as unknown as { apostilCopies: typeof copies }).apostilCopies = copies;
    const write = navigator.clipboard.write.bind(navigator.clipboard);
    navigator.clipboard.write = async (items: ClipboardItems) => {
      for (const item of items) copies.push({ html: await (await item.getType('text/html')).text(), text: await (await item.getType('text/plain')).text() });
      return write(items);
    };
  });
}

/** The rich-text items copied so far (see {@link recordCopies}). */
async function copies(page: Page): Promise<{ html: string; text: string }[]> {
  return page.evaluate(() => (window as unknown as { apostilCopies: { html: string; text: string }[] }).apostilCopies);
}

test('Copy with citation puts the quote in 「」 with its citation on the clipboard as HTML and plain text', async ({ page, host, context }) => {
  const quote = await seed(host);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await recordCopies(page);
  await openApp(page, host);
  const card = app(page).quotesRegion.locator(`.quote-card[data-quote-id="${quote.id}"]`);
  await card.hover();
  await card.getByRole('button', { name: 'Copy with citation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied the quote with its citation.' })).toBeVisible();
  const expected = await host.api('cite:quote', { id: quote.id });
  const copied = await clipboard(page);
  expect(copied.text).toBe(expected.text);
  // The locale is auto: a Traditional Chinese article is cited with zh-TW's terms (段 for the paragraph, 一月 for January).
  expect(copied.text.startsWith('「習近平邀請李在明進行國是訪問」(王 & Kim, 2026, 段 ')).toBe(true);
  // citeproc-js sets a CJK outlet upright where APA italicises a Latin one (the unit tests check the <i>).
  expect(copied.html).toContain('<p>王小明, &amp; Kim, M. (2026, 一月 2). 習近平將接待李在明. 中央通訊社. https://example.org/cna</p>');

  await host.api('styles:choose', { style: 'china-national-standard-gb-t-7714-2015-numeric', locale: 'zh-TW' });
  await page.keyboard.press('Control+k');
  await page.keyboard.type('國是訪問');
  const hit = page.locator(`.search-hit-quote[data-hit-id="${quote.id}"]`);
  await hit.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Copy with citation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied the quote with its citation.' }).last()).toBeVisible();
  // The first copy's toast may still show: wait for the second copy itself. What the app
  // handed to the clipboard is compared here; the system clipboard was checked above.
  const gbtStart = '「習近平邀請李在明進行國是訪問」[1]\n\n[1] 王小明, KIM M. 習近平將接待李在明[N/OL]. 中央通訊社, 2026-01-02.';
  await expect.poll(async () => (await copies(page)).length).toBe(2);
  const gbt = (await copies(page))[1]!;
  expect(gbt.text.startsWith(gbtStart)).toBe(true);
  expect(gbt.html).toContain('<sup>[1]</sup>');
});

test('a note shows its embeds cited in the chosen style and a Bibliography block lists the works cited', async ({ page, host }, info) => {
  const quote = await seed(host);
  await host.api('styles:choose', { style: 'china-national-standard-gb-t-7714-2015-author-date', locale: 'zh-TW' });
  await host.api('notes:create', {
    title: '中韓關係筆記',
    doc: {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '時間點說明一切：' }] },
        { type: 'quote_embed', attrs: { quoteId: quote.id } },
        { type: 'bibliography' },
      ],
    },
  });
  await page.addInitScript(() => localStorage.setItem('apostil.locale', 'zh-Hant'));
  await openApp(page, host);
  await page
    .getByRole('list', { name: /筆記|Notes/ })
    .getByRole('button', { name: /中韓關係筆記/ })
    .click();
  const embed = page.locator(`figure.quote-embed[data-quote-id="${quote.id}"]`);
  await expect(embed.locator('.embed-citation')).toContainText('— (王等, 2026)');
  const bibliography = page.locator('section.note-bibliography');
  await expect(bibliography.getByRole('heading')).toHaveText('參考文獻');
  await expect(bibliography.locator('.csl-entry')).toHaveText([
    '王小明, KIM M, 2026. 習近平將接待李在明[N/OL]. 中央通訊社, 2026-01-02. https://example.org/cna.',
  ]);
  await shoot(page, info, 'note-citations-zh-hant');

  await host.api('styles:choose', { style: 'apa', locale: null });
  await page.reload();
  await page
    .getByRole('list', { name: /筆記|Notes/ })
    .getByRole('button', { name: /中韓關係筆記/ })
    .click();
  await expect(page.locator('section.note-bibliography .csl-entry')).toHaveText([
    '王小明, & Kim, M. (2026, 一月 2). 習近平將接待李在明. 中央通訊社. https://example.org/cna',
  ]);
});
