import { Packer, type Document } from 'docx';
import { zipSync } from 'fflate';

/** The compiler docx's `Packer` runs: it turns a document into the package's files by path. */
interface DocxCompiler {
  compile(file: Document, prettify?: undefined): Map<string, string | Uint8Array>;
}

/**
 * Packs a docx `Document` into .docx bytes synchronously, as every export runs inside
 * one read transaction and the api answers synchronously. docx's `Packer` does the
 * same synchronous work but hands it back in a Promise; this reaches the compiler it
 * uses (pinned docx 9.15) and zips with fflate exactly as it does.
 */
export function packDocx(doc: Document): Uint8Array {
  const compiler = (Packer as unknown as { compiler?: DocxCompiler }).compiler;
  if (!compiler || typeof compiler.compile !== 'function') throw new Error('The installed docx package no longer exposes its compiler; update packDocx.');
  const files = compiler.compile(doc);
  const encoder = new TextEncoder();
  return zipSync(Object.fromEntries([...files].map(([path, data]) => [path, typeof data === 'string' ? encoder.encode(data) : data])));
}
