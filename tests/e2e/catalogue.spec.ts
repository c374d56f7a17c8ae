import type { Page } from '@playwright/test';
import { en } from '../../app/ui/i18n/messages.en';
import { zhHant } from '../../app/ui/i18n/messages.zhHant';
import { bodyRange, expect, openApp, test, type Host } from './fixtures';

const KEYS = new Set(Object.keys(en).map((k) => k.toLowerCase()));
/** English strings that a Chinese interface must not show (those the Chinese catalogue words differently, without placeholders). */
const ENGLISH_ONLY = new Set(
  (Object.keys(en) as (keyof typeof en)[]).filter((k) => !en[k].includes('{') && en[k] !== zhHant[k] && /[a-z]{3}/i.test(en[k])).map((k) => en[k].trim()),
);

/** Every piece of interface text on screen: visible text nodes and the labels, titles and placeholders of visible elements. */
function shownStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element | null) => !!el && el.checkVisibility({ visibilityProperty: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      if (text && visible(n.parentElement)) out.push(text);
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder]'))) {
      if (!visible(el)) continue;
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(name)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/** Fails when the screen shows a catalogue key, or (in Chinese) a string left in English. */
async function expectCatalogued(page: Page, where: string, chinese: boolean): Promise<void> {
  const strings = await shownStrings(page);
  const keys = strings.filter((s) => KEYS.has(s.toLowerCase()) || /^[a-z]+(\.[a-z][a-zA-Z]*)+$/.test(s));
  expect(keys, `catalogue keys on ${where}`).toEqual([]);
  if (chinese)
    expect(
      strings.filter((s) => ENGLISH_ONLY.has(s)),
      `English left in the Chinese interface on ${where}`,
    ).toEqual([]);
}

async function seed(host: Host): Promise<void> {
  await host.api('quotes:create', { articleId: 1, ...(await bodyRange(host, '李在明將於4日到7日')), tags: ['region/Korea'], comment: '訪問' });
  await host.api('notes:create', { title: '筆記' });
}

/** Walks the views a person visits and checks each. */
async function tour(
  page: Page,
  host: Host,
  chinese: boolean,
  names: { search: string; quotes: RegExp; tags: RegExp; trash: RegExp; settings: string; actions: string },
): Promise<void> {
  await openApp(page, host);
  await expectCatalogued(page, 'the reader', chinese);
  const search = page.getByRole('searchbox', { name: names.search, exact: true });
  await search.click();
  await expectCatalogued(page, 'the empty search', chinese);
  await search.fill('李在明');
  await expect(page.locator('.search-group-head').first()).toBeVisible();
  await expectCatalogued(page, 'search results', chinese);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: names.settings }).click();
  await expectCatalogued(page, 'the reading settings', chinese);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: names.actions }).click();
  await expectCatalogued(page, 'the article menu', chinese);
  await page.keyboard.press('Escape');
  for (const [name, where] of [
    [names.quotes, 'All quotes'],
    [names.tags, 'Tags'],
    [names.trash, 'Trash'],
  ] as const) {
    await page.getByRole('button', { name }).first().click();
    await page.waitForTimeout(300);
    await expectCatalogued(page, where, chinese);
  }
  await page.locator('.note-item').first().click();
  await page.waitForTimeout(300);
  await expectCatalogued(page, 'a note', chinese);
}

test('no view shows a catalogue key (English)', async ({ page, host }) => {
  await seed(host);
  await tour(page, host, false, {
    search: 'Search',
    quotes: /^All quotes/,
    tags: /^Tags/,
    trash: /^Trash/,
    settings: 'Reading settings',
    actions: 'Article actions',
  });
});

test.describe('Traditional Chinese', () => {
  test.use({ locale: 'zh-TW' });
  test('no view shows a catalogue key or an English string (繁體中文)', async ({ page, host }) => {
    await seed(host);
    await tour(page, host, true, {
      search: '搜尋',
      quotes: /^所有摘錄/,
      tags: /^標籤/,
      trash: /^垃圾桶/,
      settings: '閱讀設定',
      actions: zhHant['articleMenu.label'],
    });
  });
});
