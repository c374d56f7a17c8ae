import type { Page } from '@playwright/test';
import { app, bodyRange, expect, openApp, selectInReader, test } from './fixtures';

const DISK_FULL = { code: 'disk_full', message: 'The disk is full, so nothing was saved. Free some space and try again; your text is kept.' };
const READ_ONLY = { code: 'read_only', message: 'The library file is read-only, so nothing was saved. Check its permissions or choose another database.' };

/** Makes a channel answer with `error` until the returned function is called; then calls go through again. */
async function failing(page: Page, channel: string, error: { code: string; message: string }): Promise<() => Promise<void>> {
  const pattern = `**/api/${channel}`;
  await page.route(pattern, (route) => route.fulfill({ status: 507, contentType: 'application/json', body: JSON.stringify({ ok: false, error }) }));
  return () => page.unroute(pattern);
}

test('a comment that cannot be saved stays in its field with the reason, and is saved once the disk has room', async ({ page, host }) => {
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '首爾近半數的稀土礦產供應來自中國')) });
  await openApp(page, host);
  const card = app(page).quoteCards.first();
  const comment = card.getByRole('textbox', { name: 'Comment' });

  const recover = await failing(page, 'quotes:update', DISK_FULL);
  await comment.fill('供應鏈高度依賴中國');
  const problem = card.getByRole('alert');
  await expect(problem).toContainText(`Comment not saved: ${DISK_FULL.message}`);
  await expect(page.getByRole('alert').filter({ hasText: 'The comment was not saved: The disk is full' })).toHaveCount(1);
  await comment.blur();
  await expect(comment).toHaveValue('供應鏈高度依賴中國');
  expect((await host.api('quotes:list', {})).quotes[0]?.comment).toBe('');

  // Apostil retries by itself once the write can succeed.
  await recover();
  await expect(problem).toBeHidden({ timeout: 10_000 });
  expect((await host.api('quotes:list', {})).quotes[0]?.comment).toBe('供應鏈高度依賴中國');

  // Retry does it at once.
  const recoverAgain = await failing(page, 'quotes:update', READ_ONLY);
  await comment.fill('供應鏈高度依賴中國，需分散來源');
  await expect(problem).toContainText('read-only');
  await recoverAgain();
  await problem.getByRole('button', { name: 'Retry' }).click();
  await expect(problem).toBeHidden();
  expect((await host.api('quotes:list', {})).quotes[0]?.comment).toBe('供應鏈高度依賴中國，需分散來源');
  await expect(comment).toHaveValue('供應鏈高度依賴中國，需分散來源');
});

test('a comment typed in the keep-quote popover that fails to save lands in the quote’s card and is retried', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  await selectInReader(page, '中國是北韓的主要盟友與經濟命脈。');
  await ui.quoteButton.click();
  const popover = page.getByRole('dialog', { name: 'Tags and comment for the new quote' });
  const recover = await failing(page, 'quotes:update', DISK_FULL);
  await popover.getByRole('textbox', { name: 'Comment' }).fill('北韓的經濟命脈');
  await page.keyboard.press('Enter');
  await expect(popover).toBeHidden();
  const card = ui.quoteCards.first();
  await expect(card.getByRole('alert')).toContainText('The disk is full');
  await expect(card.getByRole('textbox', { name: 'Comment' })).toHaveValue('北韓的經濟命脈');
  await recover();
  await expect(card.getByRole('alert')).toBeHidden({ timeout: 10_000 });
  expect((await host.api('quotes:list', {})).quotes[0]?.comment).toBe('北韓的經濟命脈');
});

test('a note whose save fails keeps its text and saves it by itself when the disk has room again', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'New note' }).click();
  const view = page.getByRole('region', { name: 'Note' });
  await expect(view.getByRole('textbox', { name: 'Note title' })).toBeFocused();
  const recover = await failing(page, 'notes:update', DISK_FULL);
  await page.keyboard.type('空間不足時的筆記');
  await expect(view.getByRole('status')).toHaveText('Not saved');
  await expect(view.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'The note was not saved: The disk is full' })).toHaveCount(1);
  await expect(view.getByRole('textbox', { name: 'Note title' })).toHaveValue('空間不足時的筆記');
  await recover();
  await expect(view.getByRole('status')).toHaveText('Saved', { timeout: 10_000 });
  const { notes } = await host.api('notes:list', {});
  expect(notes.map((n) => n.title)).toEqual(['空間不足時的筆記']);
});

test('the source form keeps what was typed when saving fails, says why, and saves on the next try', async ({ page, host }) => {
  await openApp(page, host);
  const box = page.getByRole('region', { name: 'Source' });
  await box.getByRole('button', { name: 'Add source' }).click();
  const form = page.getByRole('form', { name: 'Edit source' });
  await form.getByLabel('Title', { exact: true }).fill('習近平將接待李在明');
  await form.getByLabel('Outlet (container title)').fill('中央通訊社');
  const recover = await failing(page, 'sources:set', READ_ONLY);
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(form.getByRole('alert')).toContainText(`Not saved: ${READ_ONLY.message}`);
  await expect(form.getByLabel('Title', { exact: true })).toHaveValue('習近平將接待李在明');
  await expect(form.getByLabel('Outlet (container title)')).toHaveValue('中央通訊社');
  await recover();
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Source saved.' })).toBeVisible();
  await expect(box).toContainText('中央通訊社');
  expect((await host.api('sources:get', { articleId: 1 })).source?.csl.title).toBe('習近平將接待李在明');
});
