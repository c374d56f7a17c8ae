import type { StyleList } from '../cite/styleChoice';

/** The citation style and language of the last export that cited: a style id, or '' for Apostil's plain line; a locale or 'auto'. */
export interface ExportCitation {
  style: string;
  locale: string;
}

const KEY = 'apostil.exportCitation';

/**
 * The choice the Export dialog starts with: the last one used for an export, while its
 * style still exists, else the style and language chosen in the settings (*Aa → Citations*).
 */
export function initialExportCitation(list: StyleList): ExportCitation {
  const fromSettings = { style: list.chosen.style, locale: list.chosen.locale ?? 'auto' };
  let saved: Partial<ExportCitation> | null = null;
  try {
    saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<ExportCitation> | null;
  } catch {
    return fromSettings;
  }
  if (!saved || typeof saved.style !== 'string' || typeof saved.locale !== 'string') return fromSettings;
  if (saved.style !== '' && !list.styles.some((s) => s.id === saved.style)) return fromSettings;
  return { style: saved.style, locale: saved.locale === 'auto' || list.locales.includes(saved.locale) ? saved.locale : 'auto' };
}

/** Keeps the choice of an export that was saved or copied, for the next one. */
export function rememberExportCitation(choice: ExportCitation): void {
  localStorage.setItem(KEY, JSON.stringify(choice));
}
