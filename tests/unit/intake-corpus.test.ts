import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPage } from '../../app/core/import/mainText';
import { TESTDATA } from './helpers';

/** One corpus article (public-domain or unprotected texts, each with its licence; see tests/testdata/corpus/README.md). */
interface CorpusArticle {
  id: string;
  lang: string;
  title: string;
  author?: string;
  license: string;
  text: string;
}

const corpus = readFileSync(`${TESTDATA}/corpus/articles.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as CorpusArticle);

/** What a news site wraps around an article, in the page's language: every piece must stay out of the extracted text. */
interface Chrome {
  site: string;
  sections: string[];
  ad: string;
  related: string;
  comments: string;
  comment: string[];
  share: string;
  footer: string;
}

const CHROME: Record<string, Chrome> = {
  'zh-Hant': {
    site: '測試日報',
    sections: ['首頁', '政治', '國際', '財經', '社會', '生活', '娛樂', '體育', '科技', '評論'],
    ad: '廣告｜限時優惠，全館商品八折起，立即搶購！',
    related: '相關新聞',
    comments: '讀者留言',
    comment: ['這篇文章寫得真好，學到很多東西，謝謝分享。', '我覺得作者的觀點有點偏頗，希望下次能看到更多不同的聲音。', '推！已經轉貼給朋友們看了。'],
    share: '分享到臉書',
    footer: '© 2026 測試日報 版權所有，未經授權不得轉載。隱私權政策｜服務條款',
  },
  'zh-Hans': {
    site: '测试日报',
    sections: ['首页', '时政', '国际', '财经', '社会', '生活', '娱乐', '体育', '科技', '评论'],
    ad: '广告｜限时优惠，全场商品八折起，立即抢购！',
    related: '相关新闻',
    comments: '网友评论',
    comment: ['这篇文章写得真好，学到了很多东西，谢谢分享。', '我觉得作者的观点有些片面，希望以后能看到更多不同的声音。', '顶！已经转发给朋友们了。'],
    share: '分享到微博',
    footer: '© 2026 测试日报 版权所有，未经授权不得转载。隐私政策｜服务条款',
  },
  ja: {
    site: 'テスト新聞',
    sections: ['トップ', '政治', '国際', '経済', '社会', 'くらし', 'エンタメ', 'スポーツ', 'テクノロジー', 'オピニオン'],
    ad: '広告｜期間限定セール実施中、今すぐチェック！',
    related: '関連記事',
    comments: 'コメント',
    comment: ['とても読みごたえのある記事でした。ありがとうございます。', '筆者の意見には少し偏りがあるように感じました。', '友人にも勧めたいと思います。'],
    share: 'Xでシェア',
    footer: '© 2026 テスト新聞社 無断転載を禁じます。プライバシーポリシー｜利用規約',
  },
  ko: {
    site: '테스트일보',
    sections: ['홈', '정치', '국제', '경제', '사회', '생활', '연예', '스포츠', '과학', '오피니언'],
    ad: '광고｜기간 한정 특가, 지금 바로 구매하세요!',
    related: '관련 기사',
    comments: '댓글',
    comment: ['정말 좋은 기사네요. 많이 배웠습니다.', '필자의 관점이 조금 편향된 것 같습니다.', '친구들에게도 공유했어요.'],
    share: '페이스북에 공유',
    footer: '© 2026 테스트일보 무단 전재 및 재배포 금지. 개인정보처리방침｜이용약관',
  },
  en: {
    site: 'The Test Gazette',
    sections: ['Home', 'Politics', 'World', 'Business', 'Society', 'Life', 'Culture', 'Sport', 'Science', 'Opinion'],
    ad: 'Advertisement | Limited-time offer: everything 20% off, shop now!',
    related: 'Related stories',
    comments: 'Reader comments',
    comment: ['A fine piece, I learned a lot. Thank you for sharing.', 'I found the argument somewhat one-sided.', 'Sent it to my friends already.'],
    share: 'Share on Facebook',
    footer: '© 2026 The Test Gazette. All rights reserved. Privacy policy | Terms of service',
  },
};

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Breaks a paragraph's markup into lines as an editor or CMS would: between CJK characters anywhere, else at spaces. */
function wrapMarkup(text: string, width = 38): string {
  const lines: string[] = [];
  let rest = text;
  while ([...rest].length > width) {
    const chars = [...rest];
    let cut = width;
    if (!CJK.test(chars[cut - 1]!) || !CJK.test(chars[cut]!)) {
      const space = chars.slice(0, width).lastIndexOf(' ');
      if (space <= 0) break;
      cut = space;
    }
    lines.push(chars.slice(0, cut).join(''));
    rest = chars.slice(cut).join('');
  }
  lines.push(rest);
  return lines.map(escape).join('\n');
}

/**
 * A realistic saved news page around one article: a header with the site's sections,
 * a cookie banner, share buttons, a byline, advertisements outside and inside the
 * article, a sidebar of related and popular links (other corpus titles), comments and a
 * footer. The article's paragraphs are its text's lines, their markup wrapped mid-sentence.
 */
function savedPage(article: CorpusArticle, others: CorpusArticle[]): string {
  const c = CHROME[article.lang]!;
  const paragraphs = article.text
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const body = paragraphs.map((p, i) => `<p>${wrapMarkup(p)}</p>${i === 1 ? `\n<div class="ad-inline"><a href="/promo">${escape(c.ad)}</a></div>` : ''}`);
  const links = (list: CorpusArticle[]) => list.map((o, i) => `<li><a href="/news/${i}">${escape(o.title)}</a></li>`).join('\n');
  const author = article.author ? `<p class="byline">${escape(article.author)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="${article.lang}">
<head>
<meta charset="utf-8">
<title>${escape(article.title)} - ${escape(c.site)}</title>
<meta property="og:site_name" content="${escape(c.site)}">
<meta property="og:title" content="${escape(article.title)}">
<script>window.dataLayer = [{ page: 'article' }];</script>
<style>.ad-inline { border: 1px solid #ccc; }</style>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>${escape(c.footer)}</p><button>OK</button></div>
<header class="site-header">
<a class="logo" href="/">${escape(c.site)}</a>
<nav class="main-nav"><ul>${c.sections.map((s, i) => `<li><a href="/section/${i}">${escape(s)}</a></li>`).join('')}</ul></nav>
</header>
<div class="ad ad-top"><a href="/promo">${escape(c.ad)}</a></div>
<main>
<article class="article">
<h1>${escape(article.title)}</h1>
${author}
<div class="share-buttons"><a href="/share">${escape(c.share)}</a></div>
<div class="article-body">
${body.join('\n')}
</div>
</article>
<aside class="sidebar">
<h2>${escape(c.related)}</h2>
<ul>${links(others.slice(0, 8))}</ul>
<div class="ad ad-side"><a href="/promo">${escape(c.ad)}</a></div>
</aside>
<section id="comments" class="comments">
<h2>${escape(c.comments)}</h2>
${c.comment.map((m, i) => `<div class="comment"><span class="comment-author">user${i}</span><p>${escape(m)}</p></div>`).join('\n')}
</section>
</main>
<footer class="site-footer"><ul>${links(others.slice(8, 14))}</ul><p>${escape(c.footer)}</p></footer>
</body>
</html>`;
}

/** Every n-th article of a language (at least `min` characters), `count` of them, so the set is spread over the corpus. */
function sample(lang: string, count: number, min = 150): CorpusArticle[] {
  const pool = corpus.filter((a) => a.lang === lang && [...a.text].length >= min);
  const step = Math.max(1, Math.floor(pool.length / count));
  return pool.filter((_, i) => i % step === 0).slice(0, count);
}

const stripSpace = (s: string) => s.replace(/\s+/g, '');
/** Places where a space stands between two CJK characters. */
const cjkSpaces = (s: string) =>
  [...s.matchAll(/(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[ \t]+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu)].length;

const ARTICLES = [...sample('zh-Hant', 20), ...sample('ja', 16), ...sample('ko', 4, 100), ...sample('zh-Hans', 6), ...sample('en', 8)];

describe('main text of saved news pages built around corpus articles', () => {
  it('uses at least 50 articles across zh-Hant, ja, ko, zh-Hans and en, each with its licence', () => {
    expect(ARTICLES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(ARTICLES.map((a) => a.lang))).toEqual(new Set(['zh-Hant', 'ja', 'ko', 'zh-Hans', 'en']));
    expect(ARTICLES.every((a) => a.license.length > 0)).toBe(true);
  });

  it.each(ARTICLES.map((a) => [a.id, a] as const))('%s: the extracted text is the article, title and byline aside, with no chrome', (_id, article) => {
    const others = corpus.filter((o) => o.lang === article.lang && o.id !== article.id).slice(0, 14);
    const { parsed, source } = readPage(`${article.id}.html`, savedPage(article, others));
    let body = stripSpace(parsed.body);
    // Readability may keep the headline and byline with the article; they are the article's own, not the page's.
    for (const lead of [article.title, article.author ?? '']) if (lead && body.startsWith(stripSpace(lead))) body = body.slice(stripSpace(lead).length);
    expect(body).toBe(stripSpace(article.text));
    // A line break in the markup between two CJK characters is no space.
    expect(cjkSpaces(parsed.body)).toBeLessThanOrEqual(cjkSpaces(article.text));
    expect(parsed.title).toBe(article.title);
    expect(source['container-title']).toBe(CHROME[article.lang]!.site);
  });
});
