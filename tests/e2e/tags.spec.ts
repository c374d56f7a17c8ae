import type { Page } from '@playwright/test';
import { app, bodyRange, expect, openApp, test, type Host } from './fixtures';

async function seed(host: Host) {
  const keep = async (text: string, tags: string[]) => (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), tags })).quote;
  return {
    a: await keep('北京對日本祭出觀光、經濟等一連串報復手段', ['region/Japan', 'coercion']),
    b: await keep('李在明將於4日到7日對中國進行4天的國是訪問', ['Korea', '外交']),
    c: await keep('北京也佔首爾年度晶片出口的三分之一', ['South Korea', 'trade']),
  };
}

async function openTags(page: Page, host: Host) {
  await openApp(page, host);
  await page.getByRole('button', { name: /^Tags/ }).click();
  return page.getByRole('region', { name: 'Tags' });
}

const row = (view: ReturnType<Page['getByRole']>, path: string) =>
  view.locator('.tag-line').filter({ has: view.page().getByRole('button', { name: `Actions for ${path}`, exact: true }) });
const paths = async (host: Host) => (await host.api('tags:list', {})).tags.map((t) => t.path).sort();

test('the tags view shows the hierarchy with counts; rename inline with F2 and from the menu', async ({ page, host }) => {
  await seed(host);
  const view = await openTags(page, host);
  await expect(view.locator('.tag-tree > .tag-node[aria-level="1"]')).toHaveCount(6);
  await expect(row(view, 'region')).toContainText('1');
  await expect(view.locator('.tag-node[aria-level="2"] .tag-tree-name')).toHaveText(['Japan']);

  await row(view, 'region').getByRole('button', { name: 'Actions for region' }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const input = view.getByRole('textbox', { name: 'New name for region' });
  await expect(input).toBeFocused();
  await input.fill('地區');
  await input.press('Enter');
  await expect(row(view, '地區')).toBeVisible();
  await expect.poll(() => paths(host)).toEqual(['Korea', 'South Korea', 'coercion', 'trade', '地區', '地區/Japan', '外交'].sort());

  // A clash among siblings is refused with the api's message, and the field stays open.
  await row(view, 'trade').locator('.tag-open').focus();
  await page.keyboard.press('F2');
  await view.getByRole('textbox', { name: 'New name for trade' }).fill('KOREA');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('There is already a tag "Korea" at the top level.');
  await page.keyboard.press('Escape');
  await expect(view.getByRole('textbox', { name: 'New name for trade' })).toHaveCount(0);

  // The quotes panel shows the new paths.
  await app(page).articles.first().click();
  await expect(app(page).quotesRegion.locator('.tag-name', { hasText: '地區/Japan' })).toHaveCount(1);
});

test('merge two tags from the tags view: quotes keep all their tags', async ({ page, host }) => {
  const { b, c } = await seed(host);
  const view = await openTags(page, host);

  await row(view, 'South Korea').getByRole('button', { name: 'Actions for South Korea' }).click();
  await page.getByRole('menuitem', { name: 'Merge into…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge “South Korea” into…' });
  await dialog.getByRole('listbox', { name: 'Tag to keep' }).selectOption({ label: 'Korea' });
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Merged “South Korea” into “Korea”.' })).toBeVisible();
  await expect(row(view, 'South Korea')).toHaveCount(0);
  await expect(row(view, 'Korea').locator('.tag-tree-count')).toHaveText('2');
  const quotes = (await host.api('quotes:list', {})).quotes;
  expect(quotes.find((q) => q.id === b.id)?.tags).toEqual(['Korea', '外交']);
  expect(quotes.find((q) => q.id === c.id)?.tags).toEqual(['Korea', 'trade']);
});

test('move a tag with the Move to… picker and by dragging; cycles are refused', async ({ page, host }) => {
  await seed(host);
  const view = await openTags(page, host);

  await row(view, 'coercion').getByRole('button', { name: 'Actions for coercion' }).click();
  await page.getByRole('menuitem', { name: 'Move to…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move “coercion”' });
  await dialog.getByRole('listbox', { name: 'New parent' }).selectOption({ label: 'region/Japan' });
  await dialog.getByRole('button', { name: 'Move' }).click();
  await expect(row(view, 'region/Japan/coercion')).toBeVisible();
  expect(await paths(host)).toContain('region/Japan/coercion');

  // The picker offers neither the tag itself nor anything under it.
  await row(view, 'region').getByRole('button', { name: 'Actions for region' }).click();
  await page.getByRole('menuitem', { name: 'Move to…' }).click();
  const options = await page.getByRole('dialog', { name: 'Move “region”' }).getByRole('option').allTextContents();
  expect(options).not.toContain('region/Japan');
  expect(options).toContain('外交');
  await page.keyboard.press('Escape');

  await row(view, 'trade').dragTo(row(view, '外交'));
  await expect(row(view, '外交/trade')).toBeVisible();
  await expect.poll(() => paths(host)).toContain('外交/trade');
  // Dragging onto the top-level zone moves it back up.
  // The top-level zone appears once a nested tag is being dragged.
  await row(view, '外交/trade').locator('.tag-tree-count').hover();
  await page.mouse.down();
  await page.mouse.move(600, 300, { steps: 5 });
  await expect(view.locator('.tag-root-drop')).toBeVisible();
  await view.locator('.tag-root-drop').hover();
  await page.mouse.up();
  await expect(row(view, 'trade')).toBeVisible();

  const region = (await host.api('tags:list', {})).tags.find((t) => t.path === 'region')!;
  const japan = (await host.api('tags:list', {})).tags.find((t) => t.path === 'region/Japan')!;
  const refused = await host.envelope('tags:move', { id: region.id, parentId: japan.id });
  expect(refused.ok).toBe(false);
});

test('recolour and delete a tag; the quotes stay', async ({ page, host }) => {
  const { a } = await seed(host);
  const view = await openTags(page, host);

  await row(view, 'region')
    .getByRole('button', { name: /^Colour of region/ })
    .click();
  await page.getByRole('radiogroup', { name: 'Colour of region' }).getByRole('radio', { name: 'Purple' }).click();
  await expect.poll(async () => (await host.api('tags:list', {})).tags.find((t) => t.path === 'region')?.color).toBe('#9a7ae0');
  await expect(row(view, 'region').getByRole('button', { name: 'Colour of region: Purple' })).toBeVisible();

  await row(view, 'region').getByRole('button', { name: 'Actions for region' }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete the tag “region”?' });
  await expect(dialog).toContainText('The 1 tag under it go too. The quotes stay');
  await dialog.getByRole('button', { name: 'Delete tag' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted 2 tags; 1 quote kept without them.' })).toBeVisible();
  await expect(row(view, 'region')).toHaveCount(0);
  const quotes = (await host.api('quotes:list', {})).quotes;
  expect(quotes).toHaveLength(3);
  expect(quotes.find((q) => q.id === a.id)?.tags).toEqual(['coercion']);

  // Opening a tag shows its quotes in All quotes.
  await row(view, 'coercion').locator('.tag-open').click();
  const all = page.getByRole('region', { name: 'All quotes' });
  await expect(all.locator('.quote-card')).toHaveCount(1);
  await expect(all.getByRole('button', { name: /^coercion/ })).toHaveAttribute('aria-pressed', 'true');
});
