import type { Page } from '@playwright/test';
import { app, bodyRange, expect, openApp, shoot, test } from './fixtures';

async function openBackups(page: Page) {
  await page.getByRole('button', { name: 'Library menu' }).click();
  await page.getByRole('menuitem', { name: 'Backups…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Backups' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('Back up now adds a backup; Restore… brings the library back after a confirmation, keeping the current one', async ({ page, host }, info) => {
  const kept = (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '中國是北韓的主要盟友與經濟命脈。')), tags: ['region/North Korea'] }))
    .quote;
  await openApp(page, host);
  const ui = app(page);
  const dialog = await openBackups(page);
  const rows = dialog.getByRole('table', { name: 'Backups' }).locator('tbody').getByRole('row');
  const before = await rows.count();

  await dialog.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Backed up the library \(\d+ KB\)\./ })).toBeVisible();
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.first()).toContainText('Backed up by hand');
  await expect(rows.first()).toContainText(/\d+ KB/);
  await shoot(page, info, 'backups-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Change the library after the backup: the quote goes, another one comes.
  await host.api('quotes:delete', { id: kept.id });
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '目前約有2萬8,500名美軍駐防南韓')) });
  await page.reload();
  await expect(ui.quoteCards).toHaveCount(1);
  await expect(ui.quoteCards.first()).toContainText('目前約有2萬8,500名美軍駐防南韓');

  const again = await openBackups(page);
  await again
    .getByRole('row')
    .filter({ hasText: 'Backed up by hand' })
    .getByRole('button', { name: /^Restore the backup of/ })
    .click();
  const confirm = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(confirm).toContainText('The current library is kept as a backup first');
  await confirm.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Restored the backup of .*: 1 article, 1 quote\./ })).toBeVisible();
  await expect(again.getByRole('row').filter({ hasText: 'Library before a restore' })).toHaveCount(1);
  await again.getByRole('button', { name: 'Close' }).click();

  await expect(ui.quoteCards).toHaveCount(1);
  await expect(ui.quoteCards.first()).toContainText('中國是北韓的主要盟友與經濟命脈。');
  await expect(ui.highlights.filter({ hasText: '中國是北韓的主要盟友與經濟命脈。' })).toHaveCount(1);
  expect((await host.api('quotes:list', {})).quotes.map((q) => q.exact)).toEqual(['中國是北韓的主要盟友與經濟命脈。']);
});

test('cancelling a restore changes nothing', async ({ page, host }) => {
  await host.api('backups:create', {});
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '中國是北韓的主要盟友與經濟命脈。')) });
  await openApp(page, host);
  const dialog = await openBackups(page);
  await dialog
    .getByRole('row')
    .filter({ hasText: 'Backed up by hand' })
    .getByRole('button', { name: /^Restore/ })
    .click();
  await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeVisible();
  expect((await host.api('quotes:list', {})).quotes).toHaveLength(1);
});

test('Check library reports a healthy library, and lists problems when there are some', async ({ page, host }) => {
  await openApp(page, host);
  const dialog = await openBackups(page);
  await dialog.getByRole('button', { name: 'Check library' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'The library is healthy.' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.route('**/api/library:check', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        ok: true,
        value: {
          report: {
            ok: false,
            integrity: ['*** in database main ***', 'Page 7: btreeInitPage() returns error code 11'],
            foreignKeys: [{ table: 'quote_tags', rowid: 12, parent: 'tags' }],
          },
        },
      }),
    }),
  );
  await page.getByRole('button', { name: 'Library menu' }).click();
  await page.getByRole('menuitem', { name: 'Check library' }).click();
  const report = page.getByRole('dialog', { name: 'Library check' });
  await expect(report.getByRole('alert')).toContainText('The check found 3 problems.');
  await expect(report.getByRole('listitem')).toHaveText([
    '*** in database main ***',
    'Page 7: btreeInitPage() returns error code 11',
    'Row 12 of quote_tags points to a missing row of tags.',
  ]);
});
