import type { Page } from '@playwright/test';
import type { DocNode } from '../../app/core/model';
import { SAMPLE, app, bodyRange, expect, openApp, test, type Host } from './fixtures';

const embeds = (doc: DocNode): number[] => [...(doc.type === 'quote_embed' ? [doc.attrs!.quoteId as number] : []), ...(doc.content ?? []).flatMap(embeds)];

async function newNote(page: Page) {
  await page.getByRole('button', { name: 'New note' }).click();
  const view = page.getByRole('region', { name: 'Note' });
  await expect(view.getByRole('textbox', { name: 'Note title' })).toBeFocused();
  return view;
}

async function onlyNote(host: Host) {
  const { notes } = await host.api('notes:list', {});
  expect(notes).toHaveLength(1);
  return (await host.api('notes:get', { id: notes[0]!.id })).note;
}

test('a note with formatting from Markdown shortcuts and quotes embedded by drag and by command', async ({ page, host }) => {
  const first = (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '北京對日本祭出觀光、經濟等一連串報復手段')), tags: ['coercion'] }))
    .quote;
  const second = (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '北京也佔首爾年度晶片出口的三分之一')) })).quote;
  await host.api('sources:set', { articleId: 1, csl: { type: 'article-newspaper', 'container-title': '中央社', issued: { 'date-parts': [[2026, 1, 2]] } } });
  await openApp(page, host);
  const ui = app(page);

  const view = await newNote(page);
  await page.keyboard.type('中韓關係筆記');
  await page.keyboard.press('Enter');
  const editor = view.getByRole('textbox', { name: 'Note text' });
  await expect(editor).toBeFocused();
  await page.keyboard.type('# 觀察');
  await page.keyboard.press('Enter');
  await page.keyboard.type('北京的手段是**經濟施壓**，見下：');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- 觀光');
  await page.keyboard.press('Enter');
  await page.keyboard.type('晶片');
  await expect(editor.locator('h1')).toHaveText('觀察');
  await expect(editor.locator('strong')).toHaveText('經濟施壓');
  await expect(editor.locator('ul li')).toHaveText(['觀光', '晶片']);
  await expect(view.getByRole('button', { name: 'Bulleted list' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');

  // Drag a quote card from the Quotes panel into the note.
  await ui.quotesRegion.locator(`.quote-card[data-quote-id="${first.id}"] .quote-text`).dragTo(editor.locator('p').last());
  const embed = editor.locator('.quote-embed');
  await expect(embed).toHaveCount(1);
  await expect(embed.first()).toContainText('北京對日本祭出觀光、經濟等一連串報復手段');
  await expect(embed.first()).toContainText('— 中央社 · Jan 2, 2026');

  // Insert one with the command: search by text, Enter embeds.
  await editor.locator('p').last().click();
  await page.keyboard.press('Control+Shift+E');
  const picker = page.getByRole('dialog', { name: 'Insert a quote' });
  await picker.getByRole('combobox', { name: 'Search quotes' }).fill('晶片');
  await expect(picker.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(embed).toHaveCount(2);
  await expect(embed.nth(1)).toContainText('北京也佔首爾年度晶片出口的三分之一');

  await expect(view.getByRole('status')).toHaveText('Saved');
  const note = await onlyNote(host);
  expect(note.title).toBe('中韓關係筆記');
  expect(embeds(note.doc).sort()).toEqual([first.id, second.id].sort());
  expect(note.quoteIds.sort()).toEqual([first.id, second.id].sort());
  expect(note.text).toContain('北京的手段是經濟施壓，見下：');
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('中韓關係筆記');

  // Undo removes the last embed, redo brings it back.
  await editor.focus();
  await page.keyboard.press('Control+z');
  await expect(embed).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(embed).toHaveCount(2);

  // Activating an embed opens its article at the highlight.
  await embed.first().getByRole('button', { name: 'Open in article ↗' }).click();
  await expect(page.getByRole('region', { name: 'Article' })).toBeVisible();
  await expect(ui.highlight(first.id)).toBeInViewport();
  await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${first.id}"]`)).toHaveClass(/active/);

  await page.reload();
  await expect(page.getByRole('region', { name: 'Article' })).toBeVisible();
  await page.getByRole('list', { name: 'Notes' }).getByRole('button').first().click();
  await expect(view.locator('.quote-embed')).toHaveCount(2);
  await expect(view.getByRole('textbox', { name: 'Note title' })).toHaveValue('中韓關係筆記');
});

test('an embed of a deleted quote shows as a removed quote and comes back when restored', async ({ page, host }) => {
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '北京也佔首爾年度晶片出口的三分之一')) });
  const { note } = await host.api('notes:create', {
    title: 'chips',
    doc: {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'see' }] },
        { type: 'quote_embed', attrs: { quoteId: quote.id } },
      ],
    },
  });
  await openApp(page, host);
  const ui = app(page);
  await ui.quoteCards.first().getByRole('button', { name: 'Delete quote' }).click();
  await page.getByRole('list', { name: 'Notes' }).getByRole('button', { name: /chips/ }).click();
  const embed = page.getByRole('region', { name: 'Note' }).locator('.quote-embed');
  await expect(embed).toHaveClass(/removed/);
  await expect(embed).toContainText('Removed quote');
  await expect(embed).toContainText('北京也佔首爾年度晶片出口的三分之一');
  // The note still holds the embed.
  expect((await host.api('notes:get', { id: note.id })).note.quoteIds).toEqual([quote.id]);

  await page.getByRole('button', { name: /^Trash/ }).click();
  await page.getByRole('button', { name: /^Restore quote/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Quote restored.' })).toBeVisible();
  await page.getByRole('list', { name: 'Notes' }).getByRole('button', { name: /chips/ }).click();
  await expect(embed).not.toHaveClass(/removed/);
});

test('closing the page right after typing keeps every character', async ({ page, host }) => {
  await openApp(page, host);
  const view = await newNote(page);
  await page.keyboard.type('Close');
  await page.keyboard.press('Enter');
  const text = '關閉視窗前最後打的字：一二三四五六七八九十 and some Latin too';
  await page.keyboard.type(text);
  await expect(view.getByRole('textbox', { name: 'Note text' })).toContainText(text);
  // No pause for the autosave delay: the page goes away at once.
  await page.close({ runBeforeUnload: true });
  await expect.poll(async () => (await onlyNote(host)).text, { timeout: 5000 }).toBe(text);
  expect((await onlyNote(host)).title).toBe('Close');
});

test('navigating away right after typing keeps every character, and Saved shows only after the api answered', async ({ page, host }) => {
  await openApp(page, host);
  const view = await newNote(page);
  await page.keyboard.press('Enter');
  let release: () => void = () => undefined;
  const held = new Promise<void>((done) => (release = done));
  await page.route('**/api/notes:update', async (route) => {
    await held;
    await route.continue();
  });
  await page.keyboard.type('等待儲存');
  const status = view.getByRole('status');
  await expect(status).toHaveText('Saving…');
  await page.waitForTimeout(300);
  await expect(status).toHaveText('Saving…');
  release();
  await expect(status).toHaveText('Saved');
  await page.unroute('**/api/notes:update');

  await page.keyboard.type('，然後離開');
  await page.goto('about:blank');
  await expect.poll(async () => (await onlyNote(host)).text, { timeout: 5000 }).toBe('等待儲存，然後離開');
});

test('a failed save says so and keeps the text for a retry', async ({ page, host }) => {
  await openApp(page, host);
  const view = await newNote(page);
  await page.keyboard.press('Enter');
  await page.route('**/api/notes:update', (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'Disk full.' } }) }),
  );
  await page.keyboard.type('重要');
  await expect(view.getByRole('status')).toHaveText('Not saved');
  await expect(page.getByRole('alert')).toContainText('The note was not saved: Disk full.');
  await page.unroute('**/api/notes:update');
  await view.getByRole('button', { name: 'Retry' }).click();
  await expect(view.getByRole('status')).toHaveText('Saved');
  expect((await onlyNote(host)).text).toBe('重要');
});

test('a note moves to the Trash from its menu, and Undo brings it back', async ({ page, host }) => {
  const { note } = await host.api('notes:create', {
    title: '草稿',
    doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '內容' }] }] },
  });
  await openApp(page, host);
  const notes = page.getByRole('list', { name: 'Notes' });
  await notes.getByRole('button', { name: /草稿/ }).click();
  const view = page.getByRole('region', { name: 'Note' });
  await view.getByRole('button', { name: 'Note actions' }).click();
  await page.getByRole('menuitem', { name: 'Move note to the Trash' }).click();
  await expect(notes.getByRole('button', { name: /草稿/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Article' })).toBeVisible();
  expect((await host.api('notes:list', { state: 'trash' })).notes.map((n) => n.id)).toEqual([note.id]);

  await page.getByRole('status').filter({ hasText: 'Moved “草稿” to the Trash.' }).getByRole('button', { name: 'Undo' }).click();
  await expect(view.getByRole('textbox', { name: 'Note title' })).toHaveValue('草稿');
  await expect(view.getByRole('textbox', { name: 'Note text' })).toHaveText('內容');
  expect((await host.api('notes:list', {})).notes.map((n) => n.id)).toEqual([note.id]);
});

test('a note embed’s bar takes its quote’s colour, not always the default yellow', async ({ page, host }) => {
  const { quote } = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '北京也佔首爾年度晶片出口的三分之一')), color: '#3366cc' });
  await host.api('notes:create', { title: 'colours', doc: { type: 'doc', content: [{ type: 'quote_embed', attrs: { quoteId: quote.id } }] } });
  await openApp(page, host);
  await page
    .getByRole('list', { name: 'Notes' })
    .getByRole('button', { name: /colours/ })
    .click();
  const embed = page.getByRole('region', { name: 'Note' }).locator('.quote-embed');
  await expect(embed).toHaveCSS('border-left-color', 'rgb(51, 102, 204)');
  // The Quotes pane beside the note says whose quotes it lists.
  await expect(page.locator('#quotes .pane-from')).toBeVisible();
  await expect(page.locator('#quotes .pane-from')).toContainText(`From the article ${SAMPLE.title}`);
  await page.getByRole('list', { name: 'Articles' }).locator('.article-item').first().click();
  await expect(page.locator('#quotes .pane-from')).toBeHidden();
});
