import { copyFileSync, mkdirSync } from 'node:fs';
import { app, bodyRange, expect, openApp, selectInReader, test } from './fixtures';

/**
 * Renders the sample with a few tagged quotes at 1400×900 in both colour schemes.
 * The images land in the test output; with UPDATE_SCREENSHOTS=1 they also replace
 * docs/screenshot.png and docs/screenshot-dark.png.
 */
for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot of the reader with quotes (${scheme})`, async ({ page, host }, info) => {
    const keep = async (text: string, extra: { tags?: string[]; comment?: string; color?: string } = {}) =>
      (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), ...extra })).quote;
    await keep('這將是習近平與李在明在僅僅2個月內的第二度會面，而這個不尋常的時間間隔，表明了中國渴望加強與首爾關係', {
      tags: ['region/Korea', '外交'],
      comment: 'Second Xi–Lee meeting in two months: the timing is the story.',
    });
    await keep('北京對日本祭出觀光、經濟等一連串報復手段', { tags: ['region/Japan', 'coercion'] });
    const active = await keep('習近平邀請李在明進行國是訪問，是旨在深化雙邊關係的精心策劃之舉', { tags: ['外交/國是訪問'] });
    await keep('精心策劃之舉', { color: '#7aa7e0' });

    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1400, height: 900 });
    await openApp(page, host);
    const ui = app(page);
    await expect(ui.quoteCards).toHaveCount(4);
    await ui.highlight(active.id).first().click();
    await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${active.id}"]`)).toHaveClass(/active/);
    await page.mouse.move(0, 0);
    await selectInReader(page, '據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。');
    await expect(ui.quoteButton).toBeEnabled();
    await page.evaluate(() => document.fonts.ready);

    const file = info.outputPath(`screenshot-${scheme}.png`);
    await page.screenshot({ path: file });
    if (process.env.UPDATE_SCREENSHOTS) {
      mkdirSync('docs', { recursive: true });
      copyFileSync(file, scheme === 'light' ? 'docs/screenshot.png' : 'docs/screenshot-dark.png');
    }
  });
}
