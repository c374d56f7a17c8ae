import type { Library } from '../library';
import { backup } from './backup';
import { bibtex } from './bibtex';
import { cslJson } from './csl';
import { csv } from './csv';
import { docx } from './docx';
import type { ExportFormat, ExportOptions } from './format';
import { html } from './html';
import { markdown } from './markdown';
import { qdc } from './qdc';
import { qdpx } from './qdpx';
import { ris } from './ris';
import type { ExportFormatName, ExportScope } from './request';
import { resolveScope } from './scope';
import { w3c } from './w3c';

/** Every export format, by the name the CLI and the api use. */
export const EXPORT_FORMATS: Record<ExportFormatName, ExportFormat> = {
  md: markdown,
  html,
  docx,
  csv,
  json: backup,
  w3c,
  csl: cslJson,
  bibtex,
  ris,
  qdc,
  qdpx,
};

/** What to export. */
export interface ExportRequest extends ExportOptions {
  format: ExportFormatName;
  scope: ExportScope;
}

/** What an export produced, besides its content. */
export interface ExportInfo {
  /** A suggested file name, like `apostil-tag-region-Korea-2026-01-02.csv`. */
  filename: string;
  mime: string;
  /** `base64` when the content is a binary file (Word) written as base64. */
  encoding?: 'base64';
}

/** Settings an export run takes from its host. */
export interface ExportHost {
  /** `Apostil 0.1.0`. */
  generator: string;
}

/** Runs an export from one consistent snapshot, handing the output to `write` piece by piece (streamed). */
export function runExport(lib: Library, request: ExportRequest, write: (chunk: string) => void, host: ExportHost): ExportInfo {
  const format = EXPORT_FORMATS[request.format];
  const selection = resolveScope(lib, request.scope, { trash: format.trash });
  const { format: _name, scope: _scope, ...options } = request;
  lib.store.tx(() => format.run({ lib, selection, options, generator: host.generator, write }));
  const suffix = request.format === 'csl' ? '.csl.json' : `.${format.extension}`;
  const info: ExportInfo = { filename: `apostil-${selection.label}-${new Date().toISOString().slice(0, 10)}${suffix}`, mime: format.mime };
  if (format.encoding) info.encoding = format.encoding;
  return info;
}

/** Runs an export into one string (for the api, whose answers are whole values). */
export function exportToString(lib: Library, request: ExportRequest, host: ExportHost): ExportInfo & { content: string } {
  const chunks: string[] = [];
  const info = runExport(lib, request, (c) => chunks.push(c), host);
  return { ...info, content: chunks.join('') };
}

export { EXPORT_FORMAT_NAMES, type ExportFormatName, type ExportScope } from './request';
