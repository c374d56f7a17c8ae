import { describe, expect, it } from 'vitest';
import type { Channel } from '../../app/api/channels';
import { Service } from '../../app/api/service';
import { openLibrary } from './helpers';

const MISSING = 99_999;

/** A library with one live and one trashed quote and note, and the service over it. */
function fixture() {
  const lib = openLibrary();
  const svc = new Service(lib, () => undefined);
  const article = lib.articles.importText('a.txt', '北京有意強化與首爾關係。'.repeat(5)).article.id;
  const live = lib.quotes.create({ articleId: article, start: 0, end: 4, tags: ['x'] }).id;
  const trashed = lib.quotes.create({ articleId: article, start: 12, end: 16, tags: ['x'] }).id;
  lib.quotes.delete(trashed);
  const note = lib.notes.create({}).id;
  lib.notes.delete(note);
  return { lib, svc, article, live, trashed, note, tag: lib.tags.require('x') };
}

describe('api consistency', () => {
  it('answers not_found for every id that does not exist, in every channel that takes one', () => {
    const { svc, article, tag } = fixture();
    const calls: [Channel, unknown][] = [
      ['articles:get', { id: MISSING }],
      ['articles:rename', { id: MISSING, title: 't' }],
      ['articles:relabel', { id: MISSING, lang: 'en' }],
      ['quotes:create', { articleId: MISSING, start: 0, end: 2 }],
      ['quotes:list', { articleId: MISSING }],
      ['quotes:list', { tag: 'nope' }],
      ['quotes:update', { id: MISSING, comment: 'c' }],
      ['quotes:tag', { id: MISSING, tags: ['y'] }],
      ['quotes:untag', { id: MISSING, tags: ['x'] }],
      ['quotes:delete', { id: MISSING }],
      ['quotes:restore', { id: MISSING }],
      ['quotes:accept', { id: MISSING }],
      ['quotes:reselect', { id: MISSING, start: 0, end: 3 }],
      ['quotes:history', { id: MISSING }],
      ['tags:rename', { id: MISSING, name: 'z' }],
      ['tags:update', { id: MISSING, color: null }],
      ['tags:move', { id: MISSING, parentId: null }],
      ['tags:move', { id: tag, parentId: MISSING }],
      ['tags:merge', { id: MISSING, into: tag }],
      ['tags:merge', { id: tag, into: MISSING }],
      ['tags:delete', { id: MISSING }],
      ['notes:get', { id: MISSING }],
      ['notes:update', { id: MISSING, title: 't' }],
      ['notes:delete', { id: MISSING }],
      ['notes:restore', { id: MISSING }],
      ['sources:get', { articleId: MISSING }],
      ['sources:set', { articleId: MISSING, csl: { title: 'x' } }],
      ['sources:link', { articleId: MISSING, sourceId: null }],
      ['sources:link', { articleId: article, sourceId: MISSING }],
      ['revisions:list', { articleId: MISSING }],
      ['revisions:get', { articleId: article, revision: 9 }],
      ['revisions:diff', { articleId: article, from: 1, to: 9 }],
      ['revisions:status', { articleId: MISSING }],
      ['export:run', { format: 'csv', scope: { kind: 'quote', quoteId: MISSING } }],
      ['export:run', { format: 'csv', scope: { kind: 'note', noteId: MISSING } }],
      ['export:run', { format: 'csv', scope: { kind: 'article', articleId: MISSING } }],
    ];
    const answers = calls.map(([c, r]) => [c, r, svc.call(c, r)] as const).filter(([, , e]) => e.ok || e.error.code !== 'not_found');
    expect(answers).toEqual([]);
  });

  it('refuses every change to a trashed quote or note with the same conflict, and changes nothing', () => {
    const { lib, svc, live, trashed, note } = fixture();
    const before = JSON.stringify([lib.quotes.get(trashed), lib.notes.get(note), lib.revisions.history(trashed)]);
    const quoteCalls: [Channel, unknown][] = [
      ['quotes:update', { id: trashed, comment: 'c' }],
      ['quotes:update', { id: trashed, color: '#ffcc00' }],
      ['quotes:tag', { id: trashed, tags: ['y'] }],
      ['quotes:untag', { id: trashed, tags: ['x'] }],
      ['quotes:delete', { id: trashed }],
      ['quotes:accept', { id: trashed }],
      ['quotes:reselect', { id: trashed, start: 0, end: 3 }],
    ];
    for (const [c, r] of quoteCalls) {
      expect([c, svc.call(c, r)]).toEqual([c, { ok: false, error: { code: 'conflict', message: `Quote ${trashed} is in the trash; restore it first.` } }]);
    }
    for (const [c, r] of [
      ['notes:update', { id: note, title: 't' }],
      ['notes:delete', { id: note }],
    ] as [Channel, unknown][]) {
      expect([c, svc.call(c, r)]).toEqual([c, { ok: false, error: { code: 'conflict', message: `Note ${note} is in the trash; restore it first.` } }]);
    }
    expect(JSON.stringify([lib.quotes.get(trashed), lib.notes.get(note), lib.revisions.history(trashed)])).toBe(before);
    // Reading stays possible: the card in the trash shows its history; live quotes are unaffected.
    expect(svc.call('quotes:history', { id: trashed })).toMatchObject({ ok: true });
    expect(svc.call('quotes:accept', { id: live })).toMatchObject({ ok: true });
  });
});
