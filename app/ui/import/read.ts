import { formatNumber, t } from '../i18n/i18n';
import { MAX_BACKUP_BYTES } from '../../core/model';
import type { Request } from '../../api/channels';
import { h } from '../dom';

/** A file as `import:run` takes it: text when it is a text format, base64 otherwise. */
export type ImportPayload = Request<'import:run'>;

/** Extensions read as UTF-8 text; anything else (e.g. .docx) is sent as bytes for the api to recognise. */
const TEXT_EXTENSIONS = ['txt', 'md', 'markdown', 'html', 'htm', 'json', 'jsonld', 'bib', 'ris'];

/** A file refused before it reaches the api: not the text it claims to be, or too large. */
export class RefusedFileError extends Error {}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(t('import.unreadable', { name: file.name })));
    reader.readAsDataURL(file);
  });
}

const megabytes = (bytes: number) => `${formatNumber(Math.ceil(bytes / 1024 / 1024))} MB`;

/**
 * Reads a file for the api: text formats as strict UTF-8 (a {@link RefusedFileError} when they
 * are not), others as base64. A file larger than any import is refused before it is read.
 */
export async function readForImport(file: File): Promise<ImportPayload> {
  if (file.size > MAX_BACKUP_BYTES)
    throw new RefusedFileError(t('import.tooLarge', { name: file.name, size: megabytes(file.size), limit: megabytes(MAX_BACKUP_BYTES) }));
  if (!TEXT_EXTENSIONS.includes(extension(file.name))) return { name: file.name, base64: await base64(file) };
  return { name: file.name, text: await readText(file) };
}

/** Reads a file as strict UTF-8 text; a {@link RefusedFileError} names the file when it is not. */
export async function readText(file: File): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new RefusedFileError(t('import.notText', { name: file.name }));
  }
}

/** Asks for one file with the system picker; resolves with it, or null when none was chosen. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = h('input', { type: 'file', accept });
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}
