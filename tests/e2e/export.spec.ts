import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SAMPLE, app, bodyRange, expect, openApp, shoot, test, type Host } from './fixtures';

async function seed(host: Host) {
  const keep = async (text: string, extra: { tags?: string[]; comment?: string } = {}) =>
    (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), ...extra })).quote;
  const visit = await keep('習近平邀請李在明進行國是訪問，是旨在深化雙邊關係的精心策劃之舉', { tags: ['外交/國是訪問'], comment: '精心安排的時間點' });
  const japan = await keep('北京對日本祭出觀光、經濟等一連串報復手段', { tags: ['region/Japan'], comment: '經濟施壓' });
  await host.api('sources:set', {
    articleId: 1,
    csl: {
      type: 'article-newspaper',
      title: '習近平將接待李在明',
      author: [{ literal: '中央社' }],
      'container-title': '中央通訊社',
      issued: { 'date-parts': [[2026, 1, 2]] },
    },
  });
  const { note } = await host.api('notes:create', {
    title: '中韓關係筆記',
    doc: {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '時間點說明一切：' }] },
        { type: 'quote_embed', attrs: { quoteId: visit.id } },
      ],
    },
  });
  return { visit, japan, note };
}

async function openExport(page: Page) {
  await page.getByRole('button', { name: 'Library menu' }).click();
  await page.getByRole('menuitem', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('the Export dialog previews the file for each format and scope, and Save downloads exactly that', async ({ page, host }, info) => {
  const { japan } = await seed(host);
  await openApp(page, host);
  const dialog = await openExport(page);
  const preview = dialog.getByLabel('Preview');
  const format = dialog.getByRole('combobox', { name: 'Format' });

  // Opened from an article, the article is the scope; Markdown is the first format.
  await expect(dialog.getByRole('radio', { name: /This article/ })).toBeChecked();
  await expect(preview).toContainText('習近平邀請李在明進行國是訪問');
  await expect(preview).toContainText('精心安排的時間點');
  await expect(dialog.getByRole('status')).toContainText(/apostil-.*\.md · .* · \d+ lines/);
  // The article is headed by its title once.
  expect(((await preview.textContent()) ?? '').split(SAMPLE.title)).toHaveLength(2);
  await shoot(page, info, 'export-dialog');

  // HTML is previewed as its source text, never rendered.
  await format.selectOption('html');
  await expect(preview).toContainText('<!DOCTYPE html>');
  expect(await preview.evaluate((el) => el.children.length)).toBe(0);

  // A tag narrows the quotes.
  await format.selectOption('csv');
  await expect(dialog.getByRole('checkbox', { name: /byte-order mark/ })).toBeVisible();
  await dialog.getByRole('radio', { name: /Quotes with tag/ }).check();
  await dialog.getByRole('combobox', { name: 'Tag to export' }).selectOption('region/Japan');
  await expect(preview).toContainText('北京對日本祭出觀光');
  await expect(preview).not.toContainText('習近平邀請李在明');
  await expect(preview).toContainText('quote_id,quote_uuid');

  const expected = await host.api('export:run', { format: 'csv', scope: { kind: 'tag', tag: 'region/Japan' } });
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(expected.filename);
  expect(readFileSync(await download.path(), 'utf8')).toBe(expected.content);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Exported ${expected.filename}.` })).toBeVisible();
  expect(japan.tags).toEqual(['region/Japan']);
});

test('export scopes: the current search, a note, and errors shown in place of the preview', async ({ page, host }) => {
  const { note } = await seed(host);
  await openApp(page, host);
  const search = page.getByRole('searchbox', { name: 'Search', exact: true });
  await search.fill('報復');
  await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('group', { name: 'Quotes' }).getByRole('option')).toHaveCount(1);
  await page.getByRole('button', { name: 'Export results…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByRole('radio', { name: /The current search/ })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: /The current search/ })).toHaveAccessibleName(/“報復”/);
  const preview = dialog.getByLabel('Preview');
  await expect(preview).toContainText('北京對日本祭出觀光');
  await expect(preview).not.toContainText('習近平邀請李在明');

  await dialog.getByRole('radio', { name: /A note/ }).check();
  await expect(dialog.getByRole('combobox', { name: 'Note to export' })).toHaveValue(String(note.id));
  await expect(preview).toContainText('時間點說明一切');

  // A failing export says why and cannot be saved.
  await page.route('**/api/export:run', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'The export failed for a test.' } }),
    }),
  );
  await dialog.getByRole('radio', { name: 'Everything' }).check();
  await expect(preview).toHaveText('The export failed for a test.');
  await expect(dialog.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('Copy as Markdown puts a quote or a note with its citation on the clipboard', async ({ page, host, context }) => {
  const { visit, note } = await seed(host);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, host);
  const card = app(page).quotesRegion.locator(`.quote-card[data-quote-id="${visit.id}"]`);
  await card.hover();
  await card.getByRole('button', { name: 'Copy as Markdown' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied the quote as Markdown.' })).toBeVisible();
  const expected = await host.api('export:run', { format: 'md', scope: { kind: 'quote', quoteId: visit.id } });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected.content);
  expect(expected.content).toContain('> 習近平邀請李在明進行國是訪問');
  // Without a chosen style the citation line joins CJK fields with full-width commas.
  expect(expected.content).toContain('> — 中央社，習近平將接待李在明，中央通訊社，2026-01-02');

  await page
    .getByRole('list', { name: 'Notes' })
    .getByRole('button', { name: /中韓關係筆記/ })
    .click();
  await page.getByRole('button', { name: 'Note actions' }).click();
  await page.getByRole('menuitem', { name: 'Copy as Markdown' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied the note as Markdown.' })).toBeVisible();
  const noteMd = await host.api('export:run', { format: 'md', scope: { kind: 'note', noteId: note.id } });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(noteMd.content);
});

test('when the clipboard is not allowed, the Markdown is shown selected for copying by hand', async ({ page, host }) => {
  const { visit } = await seed(host);
  await page.addInitScript(() => {
    Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) });
  });
  await openApp(page, host);
  await app(page).highlight(visit.id).first().click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Copy as Markdown' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy as Markdown' });
  const field = dialog.getByRole('textbox', { name: 'Markdown to copy' });
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(/^> 習近平邀請李在明進行國是訪問/);
  const selected = await field.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selected).toBe(await field.inputValue());
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

/** A small independent CSL style of the user's: the citation is the title in 〔〕. */
const MY_STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>My Journal 期刊</title><id>my-journal</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="〔" suffix="〕"><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="container-title"/></layout></bibliography>
</style>`;

test('the Export dialog cites in a style and language of its own, starting from the settings, and keeps the last choice', async ({ page, host }, info) => {
  const { visit, note } = await seed(host);
  await host.api('styles:choose', { style: 'chicago-author-date', locale: null });
  await openApp(page, host);
  let dialog = await openExport(page);
  const preview = dialog.getByLabel('Preview');
  await dialog.getByRole('radio', { name: /A note/ }).check();
  const style = dialog.getByRole('combobox', { name: 'Citation style for this export' });
  const locale = dialog.getByRole('combobox', { name: 'Citation language for this export' });

  // It starts from Aa → Citations: Chicago, each work in its language (the article is in Traditional Chinese: 段).
  await expect(style).toHaveValue('chicago-author-date');
  await expect(locale).toHaveValue('auto');
  await expect(preview).toContainText('> — (中央社 2026, 段 ');

  // The plain line names the paragraph; the language has nothing to do then.
  await style.selectOption({ label: 'Plain citation line (no style)' });
  await expect(locale).toBeDisabled();
  await expect(preview).toContainText(/> — 中央社，習近平將接待李在明，中央通訊社，2026-01-02, para\. \d+/);

  // GB/T 7714 numeric in English terms; the saved file is what the api writes for that request.
  await style.selectOption('china-national-standard-gb-t-7714-2015-numeric');
  await locale.selectOption('en-US');
  await expect(preview).toContainText('> — ^\\[1\\]^');
  await expect(preview).toContainText('## References\n\n\\[1\\] 中央社. 習近平將接待李在明\\[N\\]. 中央通訊社, 2026-01-02.');
  const request = {
    format: 'md' as const,
    scope: { kind: 'note' as const, noteId: note.id },
    style: 'china-national-standard-gb-t-7714-2015-numeric',
    locale: 'en-US',
  };
  const expected = await host.api('export:run', request);
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  expect(readFileSync(await (await downloading).path(), 'utf8')).toBe(expected.content);
  await expect(dialog).toBeHidden();

  // The next export starts from that choice, though the settings still say Chicago; formats that do not cite hide it.
  dialog = await openExport(page);
  await expect(style).toHaveValue('china-national-standard-gb-t-7714-2015-numeric');
  await expect(locale).toHaveValue('en-US');
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('csv');
  await expect(style).toBeHidden();
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('html');
  await expect(style).toBeVisible();

  // A .csl style of the user's, added here, is offered among "Your styles" and cites at once.
  await dialog.getByRole('radio', { name: /A note/ }).check();
  const choosing = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Add a .csl style…' }).click();
  await (await choosing).setFiles({ name: 'My Journal.csl', mimeType: 'application/vnd.citationstyles.style+xml', buffer: Buffer.from(MY_STYLE) });
  await expect(page.getByRole('status').filter({ hasText: 'Added the citation style “My Journal 期刊”.' })).toBeVisible();
  await expect(style).toHaveValue('my-journal');
  await expect(style.locator('optgroup[label="Your styles"] option')).toHaveText(['My Journal 期刊']);
  await expect(preview).toContainText('〔習近平將接待李在明〕');
  // Adding a style here does not change the settings' choice.
  expect((await host.api('styles:list', {})).chosen.style).toBe('chicago-author-date');
  expect(visit.id).toBeGreaterThan(0);
  await shoot(page, info, 'export-dialog-citations');
});

test('the Export dialog’s citation choice in Traditional Chinese', async ({ page, host }, info) => {
  const { note } = await seed(host);
  await page.addInitScript(() => localStorage.setItem('apostil.locale', 'zh-Hant'));
  await openApp(page, host);
  await page.getByRole('button', { name: '文庫選單' }).click();
  await page.getByRole('menuitem', { name: '匯出…' }).click();
  const dialog = page.getByRole('dialog', { name: '匯出' });
  await dialog.getByRole('radio', { name: /一則筆記/ }).check();
  await expect(dialog.getByRole('combobox', { name: '要匯出的筆記' })).toHaveValue(String(note.id));
  const style = dialog.getByRole('combobox', { name: '此次匯出的引文格式' });
  await expect(style).toHaveValue('apa');
  await expect(dialog.getByRole('combobox', { name: '此次匯出的引文語言' })).toHaveValue('auto');
  await expect(dialog.getByRole('combobox', { name: '此次匯出的引文語言' }).locator('option:checked')).toHaveText('依各文獻的語言');
  await expect(dialog.getByLabel('預覽', { exact: true })).toContainText('> — (中央社, 2026, 段 ');
  await style.selectOption('china-national-standard-gb-t-7714-2015-author-date');
  await expect(dialog.getByLabel('預覽', { exact: true })).toContainText('> — (中央社, 2026)');
  await shoot(page, info, 'export-dialog-citations-zh-hant');
  // The dialog with its citation fields has no serious or critical accessibility fault.
  const axe = await new AxeBuilder({ page }).include('.export-dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});
