import { copyFileSync } from 'node:fs';
import { SAMPLE, app, bodyRange, expect, openApp, shoot, test, type Host } from './fixtures';
import type { Page } from '@playwright/test';

const FIRST_SENTENCE = '李在明將於4日到7日對中國進行4天的國是訪問。';
const SECOND_SENTENCE =
  '分析人士說，這將是習近平與李在明在僅僅2個月內的第二度會面，而這個不尋常的時間間隔，表明了中國渴望加強與首爾關係，並促進經濟合作與觀光旅遊。';

/** The text the page has selected. */
const selected = (page: Page) => page.evaluate(() => window.getSelection()?.toString() ?? '');

/** Moves focus with F6 until the reader has it, as a keyboard user would. */
async function focusReader(page: Page): Promise<void> {
  for (let i = 0; i < 4; i++) {
    if (await page.locator('.reader-doc').evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('F6');
  }
  await expect(page.locator('.reader-doc')).toBeFocused();
}

/** Puts the caret at the start of the first paragraph after the title and the first heading, by keyboard. */
async function caretToFirstParagraph(page: Page): Promise<void> {
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+ArrowDown');
  await page.keyboard.press('Control+ArrowDown');
  await page.keyboard.press('ArrowRight');
}

/** Drags the mouse from the first character of `from` to the last of `to` (first occurrences), across highlight boundaries. */
async function dragBetween(page: Page, from: string, to: string): Promise<void> {
  const box = await page.evaluate(
    ([a, b]) => {
      const root = document.querySelector('.reader-doc')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes: { node: Text; at: number }[] = [];
      let text = '';
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        nodes.push({ node: n, at: text.length });
        text += n.data;
      }
      const rectOf = (offset: number) => {
        const hit = nodes.find(({ node, at }) => offset >= at && offset < at + node.data.length)!;
        const r = document.createRange();
        r.setStart(hit.node, offset - hit.at);
        r.setEnd(hit.node, offset - hit.at + 1);
        return r.getBoundingClientRect();
      };
      const start = text.indexOf(a);
      const end = text.indexOf(b, start) + b.length - 1;
      const s = rectOf(start);
      const e = rectOf(end);
      return { x1: s.left + 1, y1: s.top + s.height / 2, x2: e.right - 1, y2: e.top + e.height / 2 };
    },
    [from, to] as const,
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

async function storedQuotes(host: Host): Promise<string[]> {
  return (await host.api('quotes:list', { articleId: 1 })).quotes.map((q) => q.exact);
}

test('a passage is quoted with the keyboard alone: focus, caret, sentence, shortcut, saved', async ({ page, host }, info) => {
  await openApp(page, host);
  const ui = app(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await focusReader(page);

  const ring = await ui.reader.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).toBe('solid');
  await expect(page.locator('.reader-caret')).toBeVisible();

  await caretToFirstParagraph(page);
  await page.keyboard.press('Alt+Shift+ArrowRight');
  expect(await selected(page)).toBe(FIRST_SENTENCE);
  await page.keyboard.press('Alt+Shift+ArrowRight');
  expect(await selected(page)).toBe(FIRST_SENTENCE + SECOND_SENTENCE);
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  expect(await selected(page)).toBe(FIRST_SENTENCE);
  await expect(ui.quoteButton).toBeEnabled();
  const shot = await shoot(page, info, 'keyboard-sentence-selected');
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(shot, 'docs/reader-keyboard.png');

  await page.keyboard.press('Control+Shift+E');
  const popover = page.getByRole('dialog', { name: 'Tags and comment for the new quote' });
  await expect(popover).toBeVisible();
  await page.keyboard.type('visit');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(ui.quoteCards).toHaveCount(1);
  await expect.poll(() => storedQuotes(host)).toEqual([FIRST_SENTENCE]);
  expect((await host.api('quotes:list', { articleId: 1 })).quotes[0]?.tags).toEqual(['visit']);
});

test('the caret moves by character, word and paragraph, and Shift extends', async ({ page, host }) => {
  await openApp(page, host);
  await focusReader(page);
  await caretToFirstParagraph(page);

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  expect(await selected(page)).toBe('在明');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  expect(await selected(page)).toBe('李');

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+Shift+ArrowRight');
  const word = await selected(page);
  expect(word.length).toBeGreaterThan(0);
  expect(FIRST_SENTENCE.startsWith(word)).toBe(true);
  expect(word.length).toBeLessThan(FIRST_SENTENCE.length);

  await page.keyboard.press('Control+Shift+ArrowDown');
  expect(await selected(page)).toBe(FIRST_SENTENCE + SECOND_SENTENCE);

  // A selection across paragraphs, down by line then to the end of that paragraph.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  const down = await selected(page);
  expect(down.startsWith(FIRST_SENTENCE)).toBe(true);
  expect(down.length).toBeGreaterThan(FIRST_SENTENCE.length);
});

test('Ctrl+A selects the article text only, and it can be quoted', async ({ page, host }) => {
  await openApp(page, host);
  await focusReader(page);
  await page.keyboard.press('Control+a');
  const text = await selected(page);
  const { article } = await host.api('articles:get', { id: 1 });
  expect(text.startsWith(SAMPLE.title)).toBe(true);
  expect(text.trimEnd().endsWith(article.body.trimEnd().slice(-20))).toBe(true);
  expect(text).not.toContain('Quote selection');
  expect(text).not.toContain('Library');
  await expect(app(page).quoteButton).toBeEnabled();
});

test('a passage found by search arrives selected, ready to quote', async ({ page, host }) => {
  await openApp(page, host);
  const search = page.getByRole('searchbox', { name: 'Search', exact: true });
  await search.click();
  await search.fill('奈良');
  await page.locator('.search-hit-article').first().waitFor();
  await page.locator('.search-hit-article').first().click();
  await expect.poll(() => selected(page)).toBe('奈良');
  await expect(app(page).quoteButton).toBeEnabled();
  await page.keyboard.press('Control+Shift+E');
  await expect.poll(() => storedQuotes(host)).toEqual(['奈良']);
});

test('a selection that starts inside a highlight makes an overlapping quote, by mouse and by keyboard', async ({ page, host }) => {
  const inner = '習近平與李在明';
  const first = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, inner)), tags: ['people'] });
  await openApp(page, host);
  const ui = app(page);
  await expect(ui.highlight(first.quote.id)).toHaveText(inner);

  // Mouse: drag from inside the highlight to past its end.
  await ui.highlight(first.quote.id).first().scrollIntoViewIfNeeded();
  await dragBetween(page, '李在明在僅僅', '2個月內');
  expect(await selected(page)).toBe('李在明在僅僅2個月內');
  await expect(ui.quoteButton).toBeEnabled();
  await ui.quoteButton.click();
  await expect.poll(() => storedQuotes(host)).toContain('李在明在僅僅2個月內');
  await page.keyboard.press('Escape');

  // Keyboard: the caret inside the highlight is announced with its tags; a sentence from there is quoted.
  await focusReader(page);
  await caretToFirstParagraph(page);
  await page.keyboard.press('Alt+ArrowRight');
  for (let i = 0; i < SECOND_SENTENCE.indexOf(inner) + 2; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('.reader-live')).toContainText('#people');
  await page.keyboard.press('Alt+Shift+ArrowRight');
  const from = SECOND_SENTENCE.slice(SECOND_SENTENCE.indexOf(inner) + 2);
  expect(await selected(page)).toBe(from);
  await page.keyboard.press('Control+Shift+E');
  await expect.poll(() => storedQuotes(host)).toContain(from);
});

test('Tab and Shift+Tab onto a highlight put the caret at its start, and Shift+arrows quote from there', async ({ page, host }) => {
  const first = '李在明將於4日';
  const inner = '習近平與李在明';
  const a = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, first)), tags: ['visit'] });
  const b = await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, inner)), tags: ['people'] });
  await openApp(page, host);
  const ui = app(page);
  await focusReader(page);

  // Tab, Tab: the second highlight has focus, and the caret sits at its start.
  await page.keyboard.press('Tab');
  await expect(ui.highlight(a.quote.id).first()).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(ui.highlight(b.quote.id).first()).toBeFocused();
  await expect(page.locator('.reader-caret')).toBeVisible();
  // The focused highlight is described by its tooltip; the live region does not say it a second time.
  await expect(page.getByRole('tooltip')).toContainText('people');
  await expect(page.locator('.reader-live')).toHaveText('');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  expect(await selected(page)).toBe('習近平');
  // A sentence from inside the highlight's start: an overlapping quote, kept with the keyboard.
  await page.keyboard.press('Alt+Shift+ArrowRight');
  const rest = SECOND_SENTENCE.slice(SECOND_SENTENCE.indexOf(inner));
  expect(await selected(page)).toBe(rest);
  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByRole('dialog', { name: 'Tags and comment for the new quote' })).toBeVisible();
  await expect.poll(() => storedQuotes(host)).toContain(rest);
  await page.keyboard.press('Escape');

  // Tab past the last highlight, then Shift+Tab back onto them: a fresh caret at each one's start.
  await focusReader(page);
  await page.keyboard.press('Control+End');
  const inReader = () => page.evaluate(() => document.querySelector('.reader-doc')!.contains(document.activeElement));
  for (let i = 0; i < 6 && (await inReader()); i++) await page.keyboard.press('Tab');
  expect(await inReader()).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('.reader-doc mark[tabindex]').last()).toBeFocused();
  await page.keyboard.press('Shift+ArrowRight');
  expect(await selected(page)).toBe('習');
  for (
    let i = 0;
    i < 4 &&
    !(await ui
      .highlight(a.quote.id)
      .first()
      .evaluate((el) => el === document.activeElement));
    i++
  )
    await page.keyboard.press('Shift+Tab');
  await expect(ui.highlight(a.quote.id).first()).toBeFocused();
  expect(await selected(page)).toBe('');
  await page.keyboard.press('Shift+ArrowRight');
  expect(await selected(page)).toBe('李');
  await page.keyboard.press('Alt+Shift+ArrowRight');
  expect(await selected(page)).toBe(FIRST_SENTENCE);
});

test.describe('in Traditional Chinese', () => {
  test.use({ locale: 'zh-TW' });

  test('the keyboard help lists the caret keys of this platform from the reader’s own table', async ({ page, host }, info) => {
    await openApp(page, host);
    await page.getByRole('button', { name: '文庫選單' }).click();
    await page.getByRole('menuitem', { name: '鍵盤快速鍵…' }).click();
    const help = page.getByRole('dialog', { name: '鍵盤快速鍵' });
    const rows = help.locator('tbody tr');
    await expect(rows).toHaveCount(12);
    await expect(help.getByRole('row', { name: /^逐句移動/ })).toContainText('Alt+← / Alt+→');
    await expect(help.getByRole('row', { name: /^逐詞移動/ })).toContainText('Ctrl+← / Ctrl+→');
    await expect(help.getByRole('row', { name: /^逐段移動/ })).toContainText('Ctrl+↑ / Ctrl+↓');
    await expect(help.getByRole('row', { name: /^選取文章內文/ })).toContainText('Ctrl+A');
    await expect(help.getByRole('row', { name: /^將選取內容存為摘錄/ })).toContainText('Ctrl+Shift+E');
    await shoot(page, info, 'keyboard-help-zh-hant');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });
});

test('on macOS sentences move with ⌃⌘←/→, and ⌃⌥ (VoiceOver’s keys) is left alone', async ({ page, host }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
  await openApp(page, host);
  await expect(app(page).quoteButton).toHaveAttribute('title', /⇧⌘E/);
  await focusReader(page);
  // macOS keys: ⌘↑ to the top, ⌥↓ by paragraph.
  await page.keyboard.press('Meta+ArrowUp');
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('ArrowRight');

  await page.keyboard.press('Control+Meta+Shift+ArrowRight');
  expect(await selected(page)).toBe(FIRST_SENTENCE);
  for (const key of ['Control+Alt+Shift+ArrowRight', 'Control+Alt+ArrowRight', 'Control+Alt+ArrowLeft', 'Meta+Alt+Shift+ArrowRight']) {
    await page.keyboard.press(key);
    expect(await selected(page), key).toBe(FIRST_SENTENCE);
  }
  await page.keyboard.press('Control+Meta+Shift+ArrowRight');
  expect(await selected(page)).toBe(FIRST_SENTENCE + SECOND_SENTENCE);
  await page.keyboard.press('Control+Meta+Shift+ArrowLeft');
  expect(await selected(page)).toBe(FIRST_SENTENCE);
  // The keyboard help shows the same keys, spelled for macOS.
  await page.getByRole('button', { name: 'Library menu' }).click();
  await page.getByRole('menuitem', { name: 'Keyboard shortcuts…' }).click();
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByRole('row', { name: /^Move by sentence/ })).toContainText('⌃⌘← / ⌃⌘→');
  await expect(help.getByRole('row', { name: /^Move by word/ })).toContainText('⌥← / ⌥→');
  await expect(help.getByRole('row', { name: /^Keep the selection as a quote/ })).toContainText('⇧⌘E');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await focusReader(page);

  // ⌥ moves by word there, not by sentence.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Alt+Shift+ArrowRight');
  const word = await selected(page);
  expect(word.length).toBeGreaterThan(0);
  expect(word.length).toBeLessThan(FIRST_SENTENCE.length);
  expect(FIRST_SENTENCE.startsWith(word)).toBe(true);
});

test('search results are not capped: the Show all row of a kind lists every hit of it', async ({ page, host }) => {
  const { article } = await host.api('articles:get', { id: 1 });
  const starts = [...article.body.matchAll(/中國/g)].map((m) => m.index);
  expect(starts.length).toBeGreaterThan(9);
  for (const start of starts) await host.api('quotes:create', { articleId: 1, start, end: start + 2 });
  await openApp(page, host);
  const search = page.getByRole('searchbox', { name: 'Search', exact: true });
  await search.fill('中國');
  const quotes = page.locator('.search-hit-quote');
  await expect(quotes).toHaveCount(8);
  const showAll = page.getByRole('option', { name: `Show all ${starts.length} Quotes` });
  await showAll.click();
  await expect(showAll).toHaveCount(0);
  await expect(quotes.first()).toHaveAttribute('aria-setsize', String(starts.length));
  await expect(search).toBeFocused();
  // Only the rows on screen are drawn; scrolling to the end reaches the last hit.
  await page.locator('.search-results').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(quotes.last()).toHaveAttribute('aria-posinset', String(starts.length));
});
