import { app, expect, openApp, selectInReader, test } from './fixtures';

test('an import the api rejects is reported with the api’s message, and nothing changes', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);

  await page.locator('input[type=file]').setInputFiles({ name: 'blank.txt', mimeType: 'text/plain', buffer: Buffer.from(' \n\n \n') });

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not import blank.txt: blank.txt is empty.');
  await expect(ui.articles).toHaveCount(1);
  expect((await host.api('articles:list', {})).articles).toHaveLength(1);
});

test('a file that is not UTF-8 is refused before it reaches the api', async ({ page, host }) => {
  await openApp(page, host);
  await page.locator('input[type=file]').setInputFiles({ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) });
  await expect(page.getByRole('alert')).toContainText('latin1.txt is not valid UTF-8 text; nothing was imported.');
  expect((await host.api('articles:list', {})).articles).toHaveLength(1);
});

test('when keeping a quote fails, the error is shown and no highlight appears', async ({ page, host }) => {
  await openApp(page, host);
  const ui = app(page);
  await page.route('**/api/quotes:create', (route) =>
    route.fulfill({
      status: 409,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'conflict', message: 'The database is busy; nothing was kept.' } }),
    }),
  );

  await selectInReader(page, '李在明將於4日到7日對中國進行4天的國是訪問');
  await ui.quoteButton.click();

  await expect(page.getByRole('alert')).toContainText('The quote was not kept: The database is busy; nothing was kept.');
  await expect(ui.highlights).toHaveCount(0);
  await expect(ui.quoteCards).toHaveCount(0);
  // The selection stays, so trying again is one click away.
  await expect(ui.quoteButton).toBeEnabled();
  expect((await host.api('quotes:list', {})).quotes).toEqual([]);
});

test('a wrong access token shows the host’s refusal instead of a library', async ({ page, host }) => {
  await page.goto(`${host.origin}/#token=not-the-token`);
  await expect(page.locator('.notice')).toContainText('Apostil could not load your library');
  await expect(page.locator('.notice')).toContainText('Missing or wrong token');
  await expect(app(page).articles).toHaveCount(0);
});
