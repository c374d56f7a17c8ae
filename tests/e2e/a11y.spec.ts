import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { bodyRange, expect, openApp, shoot, test, type Host } from './fixtures';

/** Quotes, a note embedding one, something in the trash: every view has content to check. */
async function seed(host: Host): Promise<void> {
  const keep = async (text: string, tags: string[], comment = '') =>
    (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), tags, comment })).quote;
  const a = await keep('北京對日本祭出觀光、經濟等一連串報復手段', ['region/Japan', 'coercion'], '經濟脅迫');
  await keep('李在明將於4日到7日對中國進行4天的國是訪問', ['region/Korea']);
  const gone = await keep('北京也佔首爾年度晶片出口的三分之一', ['trade']);
  await host.api('quotes:delete', { id: gone.id });
  await host.api('notes:create', {
    title: '李在明訪華',
    doc: {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '摘要' }] },
        { type: 'quote_embed', attrs: { quoteId: a.id } },
      ],
    },
  });
}

/** Runs axe-core on the page as it stands and fails on serious or critical violations, naming each rule and where. */
async function check(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
  await shoot(page, info, `a11y-${name}`);
  expect.soft(bad, `axe-core found serious or critical violations in ${name}`).toEqual([]);
}

for (const locale of ['en', 'zh-Hant'] as const) {
  test(`every view passes axe-core with no serious or critical violation (${locale})`, async ({ page, host }, info) => {
    test.setTimeout(90_000);
    await seed(host);
    await page.addInitScript((l) => localStorage.setItem('apostil.locale', l), locale);
    await openApp(page, host);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    const sections = page.locator('.nav-list .nav-item');
    await expect(page.locator('.reader-doc .quote-highlight').first()).toBeVisible();
    await check(page, info, `${locale}-article`);

    await sections.nth(0).click();
    await expect(page.locator('.view:not([hidden]) .quote-card').first()).toBeVisible();
    await check(page, info, `${locale}-all-quotes`);

    await sections.nth(1).click();
    await expect(page.locator('.tag-tree .tag-node').first()).toBeVisible();
    await check(page, info, `${locale}-tags`);

    await sections.nth(2).click();
    await expect(page.locator('.trash-item').first()).toBeVisible();
    await check(page, info, `${locale}-trash`);

    await page.locator('.note-item').first().click();
    await expect(page.locator('.quote-embed .embed-text')).toBeVisible();
    await check(page, info, `${locale}-note`);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('李在明');
    await expect(page.locator('.search-hit').first()).toBeVisible();
    await check(page, info, `${locale}-search`);
  });
}
