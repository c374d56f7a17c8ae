import type { QuoteAuthor } from '../model';
import { newUuid } from '../uid';
import type { ExportFormat } from './format';
import { articleInfos, quoteRecords, type ArticleInfo, type QuoteRecord } from './rows';

/** The JSON-LD context of the W3C Web Annotation data model. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** The IRI Apostil gives a row with this uuid. */
export function uuidIri(uuid: string): string {
  return `urn:uuid:${uuid}`;
}

/** A person as a W3C `creator`: a Person with their display name and their person id as an IRI (a urn:uuid, as person ids are made). */
export function creatorOf(p: QuoteAuthor): Record<string, string> {
  const id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.id)
    ? uuidIri(p.id.toLowerCase())
    : `urn:apostil:person:${encodeURIComponent(p.id)}`;
  return { id, type: 'Person', name: p.name };
}

/**
 * One quote as a W3C Annotation: a SpecificResource target on the article with a
 * TextQuoteSelector and a TextPositionSelector (code points), the comment as a
 * commenting TextualBody and each tag as a tagging TextualBody. Who made the quote is the
 * annotation's `creator`; who wrote the comment and who linked each tag, their body's.
 */
export function annotationOf(q: QuoteRecord, a: ArticleInfo): Record<string, unknown> {
  const body: Record<string, unknown>[] = [];
  if (q.comment) {
    body.push({
      type: 'TextualBody',
      purpose: 'commenting',
      value: q.comment,
      format: 'text/plain',
      ...(a.lang ? { language: a.lang } : {}),
      ...(q.commentBy ? { creator: creatorOf(q.commentBy) } : {}),
    });
  }
  for (const tag of q.tags) {
    const by = q.tagBy.get(tag);
    body.push({ type: 'TextualBody', purpose: 'tagging', value: tag, ...(by ? { creator: creatorOf(by) } : {}) });
  }
  const quoteSelector: Record<string, unknown> = { type: 'TextQuoteSelector', exact: q.exact };
  if (q.prefix) quoteSelector.prefix = q.prefix;
  if (q.suffix) quoteSelector.suffix = q.suffix;
  const target: Record<string, unknown> = {
    type: 'SpecificResource',
    source: uuidIri(a.uuid),
    selector: q.status === 'orphaned' ? [quoteSelector] : [quoteSelector, { type: 'TextPositionSelector', start: q.startCp, end: q.endCp }],
  };
  const url = a.source?.csl.URL;
  if (url && /^https?:\/\/\S+$/i.test(url)) target.scope = url;
  return {
    '@context': ANNO_CONTEXT,
    id: uuidIri(q.uuid),
    type: 'Annotation',
    motivation: q.comment ? 'commenting' : q.tags.length ? 'tagging' : 'highlighting',
    ...(q.author ? { creator: creatorOf(q.author) } : {}),
    created: q.createdAt,
    modified: q.updatedAt,
    ...(body.length ? { body: body.length === 1 ? body[0] : body } : {}),
    target,
  };
}

/** W3C Web Annotation JSON-LD: an AnnotationCollection whose embedded first AnnotationPage holds every quote. */
export const w3c: ExportFormat = {
  extension: 'jsonld',
  mime: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  run(ctx) {
    const { lib, selection, write } = ctx;
    const collection = uuidIri(newUuid());
    const total = selection.quoteIds.length;
    const head = {
      '@context': ANNO_CONTEXT,
      id: collection,
      type: 'AnnotationCollection',
      label: selection.title,
      total,
      generator: { type: 'Software', name: ctx.generator },
    };
    const open = JSON.stringify(head).slice(0, -1);
    if (total === 0) {
      write(`${open}}\n`);
      return;
    }
    write(
      `${open},\n"first":${JSON.stringify({ id: `${collection}#page1`, type: 'AnnotationPage', partOf: { id: collection, label: selection.title, total }, startIndex: 0 }).slice(0, -1)},"items":[`,
    );
    const articles = articleInfos(lib, selection.articleIds);
    let first = true;
    for (const q of quoteRecords(lib, selection.quoteIds)) {
      write(`${first ? '\n' : ',\n'}${JSON.stringify(annotationOf(q, articles.get(q.articleId)!))}`);
      first = false;
    }
    write('\n]}}\n');
  },
};
