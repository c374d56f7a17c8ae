import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Request } from '../api/channels';
import type { Service } from '../api/service';
import { writeAtomically, writeFileAtomically } from '../core/atomicWrite';
import { citationStyles } from '../core/cite/styles';
import { ApostilError } from '../core/errors';
import { EXPORT_FORMATS } from '../core/export';
import type { ExportFormatName } from '../core/export/request';

/** Citation options as the CLI reads them. */
export interface CiteValues {
  style?: string;
  locale?: string;
  citations?: string;
}

/** The style part of a request: a style id, or the content of a `.csl` file named by path. */
export function styleFields(values: CiteValues): { style?: string; styleXml?: string; locale?: string | null } {
  const out: { style?: string; styleXml?: string; locale?: string | null } = {};
  if (values.locale !== undefined) out.locale = values.locale;
  const style = values.style;
  if (style === undefined) return out;
  if (/\.csl$/i.test(style) || /[/\\]/.test(style)) {
    try {
      out.styleXml = readFileSync(style, 'utf8');
    } catch (e) {
      throw new ApostilError(
        'not_found',
        `Cannot read the style file ${style}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`,
      );
    }
  } else {
    out.style = style;
  }
  return out;
}

/** The citation options of an export: the style, pandoc citations (Markdown only), or Apostil's plain line. */
export function exportCitationFields(values: CiteValues, format: ExportFormatName): Partial<Request<'export:run'>> {
  const citations = values.citations;
  if (citations !== undefined && citations !== 'pandoc' && citations !== 'plain') {
    throw new ApostilError('invalid_request', `--citations takes pandoc or plain (got "${citations}").`);
  }
  if (citations === 'pandoc' && format !== 'md') throw new ApostilError('invalid_request', '--citations pandoc goes with --format md.');
  if (citations === 'plain' && values.style !== undefined) throw new ApostilError('invalid_request', '--citations plain goes without --style.');
  return { ...styleFields(values), ...(citations ? { citations } : {}) };
}

/** For `--citations pandoc --out FILE.md`: the names of the bibliography (and style) files written beside it. */
export function besideNames(request: Partial<Request<'export:run'>>, target: string): Partial<Request<'export:run'>> {
  if (request.citations !== 'pandoc') return {};
  const stem = basename(target, extname(target));
  return { bibliographyFile: `${stem}.json`, ...(request.style || request.styleXml ? { styleFile: `${stem}.csl` } : {}) };
}

/** Writes the CSL-JSON bibliography (and the style) that a pandoc Markdown export names, beside it. */
export function writeBeside(service: Service, request: Request<'export:run'>, target: string): string[] {
  const written: string[] = [];
  if (request.bibliographyFile) {
    const file = join(dirname(target), request.bibliographyFile);
    writeAtomically(file, (write) => {
      const result = service.exportTo({ format: 'csl', scope: request.scope }, write);
      if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
    });
    written.push(file);
  }
  if (request.styleFile) {
    const file = join(dirname(target), request.styleFile);
    writeFileAtomically(file, request.styleXml ?? citationStyles(service.library).xml(request.style!));
    written.push(file);
  }
  return written;
}

/** A writer for an export's output: base64 formats (Word) are decoded to their bytes. */
export function exportSink(format: ExportFormatName, write: (chunk: string | Uint8Array) => void): (chunk: string) => void {
  return EXPORT_FORMATS[format].encoding === 'base64' ? (chunk) => write(Buffer.from(chunk, 'base64')) : write;
}
