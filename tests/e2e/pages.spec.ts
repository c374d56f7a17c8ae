import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { INTAKE } from '../unit/pageServer';
import { app, expect, openApp, selectInReader, shoot, test } from './fixtures';

test('a PDF imported through the window shows its page starts in the margin, and Copy with citation cites the page', async ({ page, host, context }, info) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, host);
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: readFileSync(resolve(INTAKE, 'report.pdf')) });
  // PDF.js loads in the import worker first: allow it time.
  const report = page.getByRole('dialog', { name: 'Import report' });
  await expect(
    report
      .getByRole('row', { name: /^Articles/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('1', { timeout: 30_000 });
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.reader-doc h1')).toHaveText('Apostil PDF test report');

  // One marker where each of the four pages starts, named for screen readers, drawn from an attribute (no text to select or copy).
  const markers = page.locator('.reader-doc .page-marker[role="separator"]');
  await expect(markers).toHaveCount(4);
  await expect(markers.nth(3)).toHaveAccessibleName('Page 4');
  const look = await markers.nth(3).evaluate((el) => ({
    text: el.textContent,
    userSelect: getComputedStyle(el).userSelect,
    label: getComputedStyle(el, '::before').content,
    left: getComputedStyle(el, '::before').position,
  }));
  expect(look).toEqual({ text: '', userSelect: 'none', label: '"p. 4"', left: 'absolute' });
  // The marker for page 4 stands right before the page's first block, outside the heading, whose name stays its own.
  const before = await markers.nth(3).evaluate((el) => (el.nextSibling?.textContent ?? '').slice(0, 11));
  expect(before).toBe('Two Columns');
  await expect(page.locator('.reader-doc').getByRole('heading', { name: 'Two Columns of Hyphenated English', exact: true })).toBeVisible();

  // Keep a quote from page 4 in the window; its citation names the page.
  await selectInReader(page, 'In the second column');
  await page.keyboard.press('Control+Shift+E');
  const popover = page.getByRole('dialog', { name: 'Tags and comment for the new quote' });
  await expect(popover).toBeVisible();
  await page.keyboard.press('Escape');
  const card = app(page).quoteCards.filter({ hasText: 'In the second column' });
  await expect(card).toHaveCount(1);
  const quoteId = Number(await card.getAttribute('data-quote-id'));
  await expect(app(page).highlightText(quoteId)).resolves.toBe('In the second column');
  await card.hover();
  await card.getByRole('button', { name: 'Copy with citation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied the quote with its citation.' })).toBeVisible();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toBe((await host.api('cite:quote', { id: quoteId })).text);
  expect(text.split('\n')[0]).toMatch(/^「In the second column」\(.*, p\. 4\)$/);

  const axe = await new AxeBuilder({ page }).include('.reader-doc').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.html + ' ' + n.failureSummary).join('; ')}`),
  ).toEqual([]);
  await markers.nth(1).scrollIntoViewIfNeeded();
  await shoot(page, info, 'pdf-page-markers');
});
