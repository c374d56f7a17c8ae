import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Library } from '../../app/core/library';
import { TESTDATA } from './helpers';

/** An article with an astral character (𠮷), mixed scripts and repeated names. */
export const TEXT_A = 'date 2025-11-03\n韓美關稅協議\n\n𠮷野家與李在明。李在明說，AI晶片很重要。\n\n第二段：李在明再次強調 K-pop 與 ＴＨＡＡＤ。';
/** A second article, Japanese and English. */
export const TEXT_B = '東京と京都の違い\n\nThe quick brown fox said "AI" twice: AI.';

/** Ids of what {@link buildLibrary} created. */
export interface Built {
  a: number;
  b: number;
  quotes: { astral: number; start: number; end: number; overlapA: number; overlapB: number; trashed: number; plain: number };
  note: number;
  trashedNote: number;
}

/**
 * A library covering the edge cases exports must survive: astral characters, quotes at
 * the very start and end of an article, overlapping quotes, empty and hostile comments,
 * nested coloured tags, a source, a note with quote embeds, and trash.
 */
export function buildLibrary(lib: Library): Built {
  const a = lib.articles.importText('tariffs.zh-Hant.txt', TEXT_A).article.id;
  const b = lib.articles.importText('kyoto.txt', TEXT_B).article.id;
  const bodyA = lib.articles.body(a);
  const bodyB = lib.articles.body(b);
  const at = (body: string, s: string, nth = 1) => {
    let i = -1;
    for (let n = 0; n < nth; n++) i = body.indexOf(s, i + 1);
    return i;
  };
  const q = (articleId: number, body: string, s: string, extra: { comment?: string; tags?: string[]; nth?: number } = {}) => {
    const start = at(body, s, extra.nth);
    return lib.quotes.create({ articleId, start, end: start + s.length, comment: extra.comment, tags: extra.tags }).id;
  };
  const quotes = {
    astral: q(a, bodyA, '𠮷野家與李在明', { comment: '𠮷 is astral; <script>alert(1)</script> & "quotes"', tags: ['region/Korea', '人物'] }),
    start: q(a, bodyA, '韓美關稅協議', { tags: ['region'] }),
    end: q(a, bodyA, 'ＴＨＡＡＤ。'),
    overlapA: q(a, bodyA, '李在明說，AI晶片', { comment: 'line one\nline two, with "comma"', tags: ['tech/AI'] }),
    overlapB: q(a, bodyA, 'AI晶片很重要', { tags: ['tech/AI', 'tech/chips'] }),
    trashed: q(a, bodyA, '第二段'),
    plain: q(b, bodyB, 'AI', { nth: 2, comment: '# not a heading *not bold*' }),
  };
  lib.quotes.delete(quotes.trashed);
  lib.store.db.prepare("UPDATE tags SET color = '#ff8800' WHERE name = 'region'").run();
  lib.store.db.prepare("UPDATE tags SET color = '#00aa55' WHERE name = 'AI'").run();
  lib.quotes.update(quotes.overlapB, { color: '#3366ff' });
  lib.sources.set(a, {
    type: 'article-newspaper',
    title: '韓美關稅協議',
    'container-title': '範例通訊社',
    author: [{ family: '王', given: '小明' }, { literal: '範例通訊社記者' }],
    issued: { 'date-parts': [[2025, 11, 3]] },
    URL: 'https://news.example.org/a/1',
    language: 'zh-Hant-TW',
  });
  const note = lib.notes.create({
    title: '關稅筆記',
    doc: {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '要點' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '李在明' },
            { type: 'text', text: '強調', marks: [{ type: 'strong' }] },
            { type: 'text', text: ' see ' },
            { type: 'text', text: 'link', marks: [{ type: 'link', attrs: { href: 'https://example.org/x' } }] },
          ],
        },
        { type: 'quote_embed', attrs: { quoteId: quotes.astral } },
        { type: 'bullet_list', content: [{ type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: '一 *star*' }] }] }] },
        { type: 'quote_embed', attrs: { quoteId: quotes.plain } },
      ],
    },
  }).id;
  const trashedNote = lib.notes.create({ title: 'old', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'gone' }] }] } }).id;
  lib.notes.delete(trashedNote);
  return { a, b, quotes, note, trashedNote };
}

const WA = join(TESTDATA, 'web-annotation');
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

/** Validators for the MUST assertions of the W3C Web Annotation test suite; each returns the failed assertion files. */
export function w3cValidators(): Record<'annotation' | 'collection' | 'page', (doc: unknown) => string[]> {
  const ajv = new Ajv04({ strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv);
  for (const f of readdirSync(join(WA, 'definitions'))) if (f.endsWith('.json')) ajv.addSchema(readJson(join(WA, 'definitions', f)));
  const suite = (testFile: string) => {
    const checks = (readJson(join(WA, testFile)).assertions as string[]).map((p) => {
      const schema = readJson(join(WA, p));
      schema.id = `_${p.replace(/\//g, '_')}`;
      return { p, validate: ajv.compile(schema) };
    });
    return (doc: unknown) => checks.filter((c) => !c.validate(doc)).map((c) => c.p);
  };
  return {
    annotation: suite('annotations/annotationMusts.test'),
    collection: suite('collections/collectionMusts.test'),
    page: suite('collections/pages/pageMusts.test'),
  };
}

/** A validator for an array of CSL-JSON items (the CSL 1.0 input schema); returns its errors. */
export function cslValidator(): (items: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(readJson(join(TESTDATA, 'csl', 'csl-data.json')));
  return (items) => (validate(items) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
