import { t } from '../i18n/i18n';
import { askText } from '../widgets/dialog';
import { importAddress } from './importer';
import type { ImportReport } from './report';

/** Asks for a web address and imports its page or PDF; resolves with the reports (empty when cancelled). */
export async function importFromUrl(): Promise<ImportReport[]> {
  const url = await askText({ title: t('url.title'), label: t('url.label'), message: t('url.message'), confirm: t('url.confirm') });
  return url?.trim() ? importAddress(url.trim()) : [];
}
