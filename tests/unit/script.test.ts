import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { detectLang } from '../../app/core/articleText';
import { detectScriptLang } from '../../app/core/script';
import { openLibrary, SAMPLE, TESTDATA } from './helpers';

const corpus = readFileSync(`${TESTDATA}/corpus/articles.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { lang: string; text: string });

describe('script detection', () => {
  it('names the language of every corpus article as its label says (Traditional vs Simplified by character forms)', () => {
    const wrong = corpus.map((a) => ({ label: a.lang, got: detectScriptLang(a.text) })).filter((r) => r.got !== r.label);
    expect(wrong).toEqual([]);
  });

  it('reads a zh-Hant file without a language tag in its name as zh-Hant, and keeps an explicit tag', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    expect(detectLang('story.txt', text)).toBe('zh-Hant');
    expect(detectLang('story.zh-hant.txt', text)).toBe('zh-Hant');
    expect(detectLang('news.txt', '国务院总理在北京会见了来访的韩国总统，双方就经济合作交换了意见。')).toBe('zh-Hans');
    expect(detectLang('short.txt', '中文')).toBe('zh');
    expect(detectLang('empty.txt', '1234')).toBeNull();
  });

  it('lets the user set an article language, refusing what is not a language tag', () => {
    const lib = openLibrary();
    const svc = new Service(lib, () => undefined);
    const { article } = lib.articles.importText('story.txt', '北京有意強化與首爾關係。雙方將擴大經濟與文化交流。');
    expect(article.lang).toBe('zh-Hant');
    expect(svc.call('articles:relabel', { id: article.id, lang: 'zh-hans' })).toMatchObject({ ok: true, value: { article: { lang: 'zh-Hans' } } });
    expect(svc.call('articles:relabel', { id: article.id, lang: 'not a tag!' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(lib.articles.summary(article.id).lang).toBe('zh-Hans');
    expect(svc.call('articles:relabel', { id: article.id, lang: null })).toMatchObject({ ok: true, value: { article: { lang: null } } });
    expect(svc.call('articles:relabel', { id: 999, lang: 'en' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('libraries from before script detection', () => {
  it('relabel plain zh articles once, from their text', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('story.txt', '北京有意強化與首爾關係。雙方將擴大經濟與文化交流。');
    lib.store.db.prepare("UPDATE articles SET lang = 'zh' WHERE id = ?").run(article.id);
    lib.store.db.prepare("DELETE FROM settings WHERE key = 'chinese_relabelled'").run();
    lib.relabelChinese();
    expect(lib.articles.summary(article.id).lang).toBe('zh-Hant');
    lib.articles.setLang(article.id, 'zh');
    lib.relabelChinese();
    expect(lib.articles.summary(article.id).lang).toBe('zh');
  });
});
