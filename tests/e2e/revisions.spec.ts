import { copyFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { app, bodyRange, expect, openApp, selectInReader, shoot, test, type Host } from './fixtures';

const VISIT = '習近平邀請李在明進行國是訪問，是旨在深化雙邊關係的精心策劃之舉';
const VISIT_NEW = '習近平邀請李在明進行國是訪問，是旨在深化雙邊關係的精心安排之舉';
const NARA = '據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。';
const ALLY = '中國是北韓的主要盟友與經濟命脈。';
const ADDED = '【更新】南韓總統府證實，訪問期間將簽署多項經濟合作備忘錄。';

/** Three quotes on the sample, and a corrected version of it: one quote's words changed, one sentence gone, a paragraph added before the rest. */
async function seed(host: Host) {
  const keep = async (text: string, extra: { tags?: string[]; comment?: string } = {}) =>
    (await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, text)), ...extra })).quote;
  const visit = await keep(VISIT, { tags: ['外交/國是訪問'], comment: '國是訪問的規格很高' });
  const nara = await keep(NARA, { tags: ['region/Japan'], comment: '日韓峰會的時間點' });
  const ally = await keep(ALLY, { tags: ['region/North Korea'] });
  const { article } = await host.api('articles:get', { id: 1 });
  const heading = '搶在日韓峰會前 中國意在拉攏首爾\n\n';
  const revised = article.body.replace(heading, `${heading}${ADDED}\n\n`).replace(VISIT, VISIT_NEW).replace(`${NARA}\n\n`, '');
  return { visit, nara, ally, revised };
}

async function articleMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Article actions' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function importRevision(page: Page, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await articleMenu(page, 'Import new version of this article…');
  await (await chooser).setFiles({ name: 'corrected.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
}

test('a new version re-anchors every quote: the banner counts them, orphans are not drawn, cards carry badges', async ({ page, host }, info) => {
  const { visit, nara, ally, revised } = await seed(host);
  // A quote in the Trash is re-anchored too, but neither the toast nor the banner counts it.
  const trashed = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '北韓的主要盟友')) });
  await host.api('quotes:delete', { id: trashed.quote.id });
  await openApp(page, host);
  const ui = app(page);
  await expect(ui.highlights.locator('xpath=self::*[@tabindex]')).toHaveCount(3);
  await expect(page.getByRole('region', { name: 'Revisions' })).toBeHidden();

  await importRevision(page, revised);
  await expect(page.getByRole('status').filter({ hasText: 'Imported revision 2: 1 moved, 1 fuzzy, 1 orphaned.' })).toBeVisible();
  const banner = page.getByRole('region', { name: 'Revisions' });
  await expect(banner).toContainText('Revision 2 of 2');
  await expect(banner.getByRole('list', { name: 'Quotes by status' }).getByRole('listitem')).toHaveText(['0 exact', '1 moved', '1 fuzzy', '1 orphaned']);
  await expect(page.locator('.reader-doc')).toContainText(ADDED);

  // The orphan points into the old text: it is not drawn; the others are, at their new places.
  await expect(ui.highlight(nara.id)).toHaveCount(0);
  expect(await ui.highlightText(ally.id)).toBe(ALLY);
  expect(await ui.highlightText(visit.id)).toBe(VISIT_NEW);

  // The review opened by itself, old text beside new, changes marked.
  const review = page.getByRole('region', { name: 'Review quotes' });
  await expect(review).toBeVisible();
  const items = review.getByRole('list', { name: 'Quotes to review' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  const fuzzy = items.filter({ hasText: 'Fuzzy' });
  await expect(fuzzy.locator('.review-before del')).toHaveText('策劃');
  await expect(fuzzy.locator('.review-after ins')).toHaveText('安排');
  const orphan = items.filter({ hasText: 'Orphaned' });
  await expect(orphan).toContainText(NARA);
  await expect(orphan).toContainText('Not found in this revision.');
  await expect(orphan).toContainText('region/Japan');
  await expect(orphan).toContainText('日韓峰會的時間點');
  await shoot(page, info, 'revision-banner-review');

  // Done shows the quotes again; cards carry their status.
  await review.getByRole('button', { name: 'Done' }).click();
  await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${ally.id}"] .status-badge`)).toHaveText('Moved');
  await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${visit.id}"] .status-badge`)).toHaveText(/^Fuzzy \d+%$/);
  await expect(ui.quotesRegion.locator(`.quote-card[data-quote-id="${nara.id}"] .status-badge`)).toHaveText('Orphaned');
  // A badge does not push the card's date onto two lines.
  const dateLines = await ui.quotesRegion
    .locator(`.quote-card[data-quote-id="${visit.id}"] .quote-when time`)
    .evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || '16'));
  expect(dateLines).toBeLessThan(1.5);

  // Choosing the orphan's card opens its review instead of a highlight that does not exist.
  await ui.quotesRegion.locator(`.quote-card[data-quote-id="${nara.id}"] .quote-text`).click();
  await expect(review).toBeVisible();
  await expect(orphan).toBeFocused();
});

test('review: accept a fuzzy quote, keep an orphan, then adjust it onto a new selection', async ({ page, host }) => {
  const { visit, nara, revised } = await seed(host);
  await host.api('revisions:import', { articleId: 1, name: 'corrected.txt', text: revised });
  await openApp(page, host);
  const banner = page.getByRole('region', { name: 'Revisions' });
  await banner.getByRole('button', { name: 'Review 2 quotes' }).click();
  const review = page.getByRole('region', { name: 'Review quotes' });
  const items = review.getByRole('list', { name: 'Quotes to review' }).getByRole('listitem');

  await items.filter({ hasText: 'Fuzzy' }).getByRole('button', { name: 'Accept' }).click();
  await expect(items).toHaveCount(1);
  await expect(banner).toContainText('1 of 3 quotes need a look.');
  expect((await host.api('quotes:list', { articleId: 1 })).quotes.find((q) => q.id === visit.id)?.reviewedAt).not.toBeNull();

  const orphan = items.filter({ hasText: NARA });
  await orphan.getByRole('button', { name: 'Keep orphaned' }).click();
  await expect(orphan).toContainText('Kept as orphaned');
  await expect(orphan.getByRole('button', { name: 'Keep orphaned' })).toHaveCount(0);
  await expect(banner).toContainText('All 3 quotes are placed or reviewed.');
  await expect(banner.getByRole('button', { name: 'Show orphaned quotes' })).toBeVisible();

  await orphan.getByRole('button', { name: 'Adjust…' }).click();
  const use = orphan.getByRole('button', { name: 'Use selection' });
  await expect(use).toBeDisabled();
  await selectInReader(page, ADDED);
  await expect(use).toBeEnabled();
  await use.click();
  await expect(page.getByRole('status').filter({ hasText: 'The quote now points at the selected text.' })).toBeVisible();
  await expect(items).toHaveCount(0);
  await expect(review).toContainText('Nothing to review');
  expect(await app(page).highlightText(nara.id)).toBe(ADDED);
  const stored = (await host.api('quotes:list', { articleId: 1 })).quotes.find((q) => q.id === nara.id)!;
  expect(stored).toMatchObject({ status: 'exact', exact: ADDED, tags: ['region/Japan'], comment: '日韓峰會的時間點' });
  // The selection it took is spent: Quote selection does not invite a duplicate.
  await expect(app(page).quoteButton).toBeDisabled();
  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByRole('dialog', { name: 'Tags and comment for the new quote' })).toHaveCount(0);
  expect((await host.api('quotes:list', { articleId: 1 })).quotes.filter((q) => q.exact === ADDED)).toHaveLength(1);
});

test('an older revision reads read-only without highlights, and Compare shows insertions and deletions', async ({ page, host }, info) => {
  const { revised } = await seed(host);
  await host.api('revisions:import', { articleId: 1, name: 'corrected.txt', text: revised });
  await openApp(page, host);
  const ui = app(page);
  const banner = page.getByRole('region', { name: 'Revisions' });
  await expect(ui.highlights.locator('xpath=self::*[@tabindex]')).toHaveCount(2);

  await banner.getByRole('combobox', { name: 'Revision shown' }).selectOption('1');
  await expect(banner).toContainText('You are reading revision 1 of 2.');
  await expect(page.locator('.reader-doc')).toContainText(NARA);
  await expect(page.locator('.reader-doc')).not.toContainText(ADDED);
  await expect(ui.highlights).toHaveCount(0);
  await selectInReader(page, NARA);
  await expect(ui.quoteButton).toBeDisabled();
  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByRole('dialog', { name: 'Tags and comment for the new quote' })).toHaveCount(0);

  await banner.getByRole('button', { name: 'Back to the current revision' }).click();
  await expect(page.locator('.reader-doc')).toContainText(ADDED);
  await expect(ui.highlights.locator('xpath=self::*[@tabindex]')).toHaveCount(2);

  await banner.getByRole('button', { name: 'Compare revisions…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare revisions' });
  const diff = dialog.getByRole('document', { name: 'Differences' });
  await expect(diff.locator('ins')).toHaveText([`${ADDED}\n\n`, '安排']);
  await expect(diff.locator('del')).toHaveText(['策劃', `${NARA}\n\n`]);
  await expect(diff.locator('.diff-skip').first()).toContainText('unchanged characters');
  await expect(dialog.getByRole('status')).toContainText('inserted');
  const shot = await shoot(page, info, 'revision-diff');
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(shot, 'docs/revision-diff.png');
  await dialog.getByRole('checkbox', { name: 'Show the whole text' }).check();
  await expect(diff.locator('.diff-skip')).toHaveCount(0);
  await expect(diff).toContainText(ALLY);
  await dialog.getByRole('combobox', { name: 'From' }).selectOption('2');
  await expect(dialog.getByRole('status')).toContainText('The two revisions have the same text.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('Compare marks whole words in Latin text, and its shortened context is cut between words', async ({ page, host }, info) => {
  const opening =
    'Seoul and Beijing agreed on Friday to open talks on critical minerals, a step that officials on both sides described as the start of a new organisation of supply chains.';
  const middle =
    'Nearly half of Seoul’s supply of rare earths comes from China, and Beijing also accounts for about a third of its annual chip exports, which gives both capitals reasons to keep the dialogue going despite their differences over security and the alliance with Washington.';
  const closing = 'The talks will start in January in Gyeongju, according to the joint statement released by both governments.';
  const text = ['Minerals talks between Seoul and Beijing', opening, middle, closing].join('\n\n');
  const { article } = await host.api('articles:import', { name: 'minerals.txt', text });
  const revised = text.replace('organisation', 'organization').replace('start in January', 'begin in February');
  await host.api('revisions:import', { articleId: article.id, name: 'minerals-corrected.txt', text: revised });
  await openApp(page, host);
  await app(page).articles.filter({ hasText: 'Minerals talks' }).click();
  await expect(page.locator('.reader-doc')).toContainText('begin in February');

  await page.getByRole('region', { name: 'Revisions' }).getByRole('button', { name: 'Compare revisions…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare revisions' });
  const diff = dialog.getByRole('document', { name: 'Differences' });
  await expect(diff.locator('del')).toHaveText(['organisation', 'start', 'January']);
  await expect(diff.locator('ins')).toHaveText(['organization', 'begin', 'February']);
  // Counted in characters all the same.
  await expect(dialog.getByRole('status')).toContainText('+25 inserted');
  const shot = await shoot(page, info, 'revision-diff-words');
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(shot, 'docs/revision-diff-words.png');

  // Unchanged text is shortened (the opening before the first change, the middle paragraph): the context ends and starts between words.
  const skips = diff.locator('.diff-skip');
  await expect(skips).toHaveCount(2);
  const around = await skips.evaluateAll((els) =>
    els.map((el): [string, string] => [el.previousSibling?.textContent ?? '', el.nextSibling?.textContent ?? '']),
  );
  expect(around[0]![0]).toBe('');
  for (const [before, after] of around) {
    if (before) {
      expect(before).toMatch(/\S$/);
      expect(revised[revised.indexOf(before) + before.length]).toMatch(/\s/);
    }
    expect(after).toMatch(/^\S/);
    expect(revised[revised.indexOf(after) - 1]).toMatch(/\s/);
    expect(after.length).toBeGreaterThan(30);
  }
  expect(around[1]![0].length).toBeGreaterThan(30);
});
