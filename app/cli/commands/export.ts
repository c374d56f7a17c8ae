import { resolve } from 'node:path';
import type { Service } from '../../api/service';
import { writeAtomically } from '../../core/atomicWrite';
import { ApostilError, fromStorageError } from '../../core/errors';
import { EXPORT_FORMAT_NAMES, type ExportScope } from '../../core/export/request';
import { lastOf, positiveInt, UsageError, type Values } from '../args';
import { besideNames, exportCitationFields, exportSink, styleFields, writeBeside } from '../cite';
import type { CliCommand } from '../command';

/** The one scope chosen with --article, --tag, --query or --note; everything without any. */
function exportScope(values: Values): ExportScope {
  const given = (['article', 'tag', 'query', 'note'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) throw new UsageError(`export takes one of --article, --tag, --query, --note (got --${given.join(', --')}).`);
  if ((values.tag?.length ?? 0) > 1) throw new UsageError('export takes one --tag.');
  if (values.article !== undefined) return { kind: 'article', articleId: positiveInt(lastOf(values.article), '--article') };
  if (values.tag !== undefined) return { kind: 'tag', tag: values.tag[0]! };
  if (values.query !== undefined) return { kind: 'query', query: values.query };
  if (values.note !== undefined) return { kind: 'note', noteId: positiveInt(values.note, '--note') };
  return { kind: 'all' };
}

/**
 * `apostil export`: writes an export to stdout, or with `--out` atomically to a file (a
 * full or read-only disk leaves the old file, or none, and says so plainly), with a
 * pandoc export's bibliography beside it.
 */
export const EXPORT: CliCommand = {
  name: 'export',
  section: 'main',
  usage: [
    `  export --format FORMAT [--out FILE] [--article ID | --tag NAME | --query Q | --note ID] [--bom]
         [--style STYLE] [--locale L] [--citations pandoc|plain]
                                     FORMAT: md html docx csv json w3c csl bibtex ris qdc qdpx
                                     (stdout without --out; --bom starts CSV with a BOM for Excel;
                                     --citations pandoc writes [@key, para. N] and, with --out
                                     FILE.md, the CSL-JSON bibliography FILE.json beside it;
                                     --citations plain keeps Apostil's plain citation line)`,
  ],
  options: ['format', 'out', 'article', 'tag', 'query', 'note', 'bom', 'style', 'locale', 'citations'],
  run(ctx) {
    const { args, values } = ctx;
    if (args.length) throw new UsageError('export takes no positional arguments; choose what to export with --article, --tag, --query or --note.');
    const format = values.format as (typeof EXPORT_FORMAT_NAMES)[number] | undefined;
    if (!format || !EXPORT_FORMAT_NAMES.includes(format)) {
      throw new UsageError(`export needs --format, one of ${EXPORT_FORMAT_NAMES.join(', ')}${values.format ? ` (got "${values.format}")` : ''}.`);
    }
    const citing = exportCitationFields(values, format);
    const scope = exportScope(values);
    const service = ctx.service();
    const request = { format, scope, bom: values.bom, ...citing, ...(values.out === undefined ? {} : besideNames(citing, resolve(values.out))) };
    if (values.out === undefined) {
      const result = service.exportTo(
        request,
        exportSink(format, (chunk) => ctx.out.write(chunk)),
      );
      if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
      return;
    }
    const target = resolve(values.out);
    let result: ReturnType<Service['exportTo']> | undefined;
    try {
      writeAtomically(target, (write) => {
        result = service.exportTo(request, exportSink(format, write));
        if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
      });
    } catch (e) {
      const known = fromStorageError(e);
      throw known instanceof ApostilError ? known : new ApostilError('invalid_request', `Cannot write ${values.out}: ${(e as Error).message}.`);
    }
    const { mime, filename } = (result as { ok: true; value: { mime: string; filename: string } }).value;
    const beside = writeBeside(service, request, target);
    ctx.print(
      { out: target, mime, filename, ...(beside.length ? { beside } : {}) },
      `Exported ${format} to ${target}${beside.length ? ` (and ${beside.join(', ')})` : ''}`,
    );
  },
};

/** `apostil cite QUOTE_ID`: the quote with its citation and bibliography entry. */
export const CITE: CliCommand = {
  name: 'cite',
  section: 'main',
  usage: [
    `  cite QUOTE_ID [--style STYLE] [--locale L]
                                     the quote with its citation and bibliography entry;
                                     STYLE: a style id (apa, chicago-author-date,
                                     modern-language-association, harvard-cite-them-right, ieee,
                                     china-national-standard-gb-t-7714-2015-numeric, …-author-date)
                                     or a .csl file; L: en-US zh-CN zh-TW ja-JP ko-KR`,
  ],
  options: ['style', 'locale'],
  run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError('cite needs exactly one QUOTE_ID.');
    const { text, html, citation, bibliography } = ctx.call('cite:quote', { id: positiveInt(ctx.args[0], 'QUOTE_ID'), ...styleFields(ctx.values) });
    ctx.print({ text, html, citation, bibliography }, text);
  },
};
