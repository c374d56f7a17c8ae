import { t, tn } from '../i18n/i18n';
import type { BackupEntry, CheckReport, RestoredLibrary } from '../../core/model';
import { call } from '../client';
import { formatDate, h } from '../dom';
import { toast, toastError } from '../toast';
import { confirmAction, openModal } from '../widgets/dialog';

/** What the backups dialog tells the app. */
export interface BackupsHost {
  /** The library was replaced by a backup: everything shown must be reloaded. */
  restored(library: RestoredLibrary): Promise<void>;
}

/** Why a backup was taken, read from the end of its file name. */
function reason(name: string): string {
  if (/-manual(-\d+-\d+)?\.db$/.test(name)) return t('backups.reason.manual');
  if (/-scheduled(-\d+-\d+)?\.db$/.test(name)) return t('backups.reason.scheduled');
  if (/-before-restore(-\d+-\d+)?\.db$/.test(name)) return t('backups.reason.restore');
  if (/-before-migration-/.test(name)) return t('backups.reason.migration');
  return t('backups.reason.other');
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The outcome of the library check, in plain words. */
function checkReport(report: CheckReport): HTMLElement {
  if (report.ok) {
    return h('div', { class: 'check-report ok', role: 'status' }, h('strong', {}, t('check.ok')), h('span', {}, t('check.ok.detail')));
  }
  const problems = [
    ...report.integrity.filter((line) => line !== 'ok'),
    ...report.foreignKeys.map((f) => t('check.foreignKey', { row: String(f.rowid), table: f.table, parent: f.parent })),
  ];
  return h(
    'div',
    { class: 'check-report failed', role: 'alert' },
    h('strong', {}, tn('check.problems', problems.length)),
    h('span', {}, t('check.advice')),
    h('ul', {}, ...problems.map((p) => h('li', {}, p))),
  );
}

/**
 * The Backups dialog: the library's automatic and manual backups (when, why, how
 * big), Back up now, Restore… (after a confirmation that says the current library
 * is kept as a backup), and Check library with its report.
 */
export function openBackupsDialog(host: BackupsHost): void {
  const body = h('tbody', {});
  const table = h(
    'table',
    { class: 'backup-table', 'aria-label': t('backups.title') },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('backups.taken')),
        h('th', { scope: 'col' }, t('backups.why')),
        h('th', { scope: 'col', class: 'backup-size' }, t('backups.size')),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('backups.actions'))),
      ),
    ),
    body,
  );
  const empty = h('p', { class: 'backup-empty', hidden: true }, t('backups.none'));
  const report = h('div', { class: 'check-slot' });
  const backUp = h('button', { type: 'button', class: 'button button-primary', onclick: () => void run(backUp, createBackup) }, t('backups.now'));
  const check = h('button', { type: 'button', class: 'button', onclick: () => void run(check, checkLibrary) }, t('menu.check'));

  const modal = openModal({
    title: t('backups.title'),
    message: t('backups.message'),
    className: 'backups-dialog',
    content: [h('div', { class: 'backup-scroll' }, table, empty), report],
    actions: [check, h('span', { class: 'spacer' }), h('button', { type: 'button', class: 'button', onclick: () => modal.close() }, t('action.close')), backUp],
  });

  async function run(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    button.disabled = true;
    try {
      await work();
    } finally {
      button.disabled = false;
    }
  }

  async function load(): Promise<void> {
    try {
      render((await call('backups:list', {})).backups);
    } catch (err) {
      toastError(err, t('error.backups.list'));
    }
  }

  function render(backups: BackupEntry[]): void {
    empty.hidden = backups.length > 0;
    table.hidden = backups.length === 0;
    body.replaceChildren(
      ...backups.map((b) => {
        const when = formatDate(b.at, true);
        return h(
          'tr',
          { 'data-backup': b.name },
          h('td', {}, h('time', { datetime: b.at, title: b.name }, when)),
          h('td', { class: 'backup-reason' }, reason(b.name)),
          h('td', { class: 'backup-size' }, size(b.bytes)),
          h(
            'td',
            { class: 'backup-actions' },
            h(
              'button',
              { type: 'button', class: 'button button-small', 'aria-label': t('backups.restore.label', { when }), onclick: () => void restore(b, when) },
              t('backups.restore'),
            ),
          ),
        );
      }),
    );
  }

  async function createBackup(): Promise<void> {
    try {
      const { backup } = await call('backups:create', {});
      toast(t('backups.done', { size: size(backup.bytes) }));
      await load();
    } catch (err) {
      toastError(err, t('error.backups.create'));
    }
  }

  async function restore(backup: BackupEntry, when: string): Promise<void> {
    const sure = await confirmAction({
      title: t('backups.restore.title'),
      message: t('backups.restore.message', { when }),
      confirm: t('trash.restore'),
      danger: true,
    });
    if (!sure) return;
    try {
      const { restored } = await call('backups:restore', { name: backup.name });
      await host.restored(restored);
      toast(t('backups.restored', { when, articles: tn('backups.articles', restored.articles), quotes: tn('quotes.count', restored.quotes) }));
      await load();
    } catch (err) {
      toastError(err, t('error.backups.restore'));
    }
  }

  async function checkLibrary(): Promise<void> {
    report.replaceChildren(h('div', { class: 'check-report', role: 'status' }, t('check.running')));
    try {
      report.replaceChildren(checkReport((await call('library:check', {})).report));
    } catch (err) {
      report.replaceChildren(
        h('div', { class: 'check-report failed', role: 'alert' }, h('strong', {}, t('check.failed.lead')), err instanceof Error ? err.message : String(err)),
      );
    }
  }

  void load();
}

/** Runs the library check on its own (from the library menu) and shows the report in a dialog. */
export async function checkLibraryNow(): Promise<void> {
  try {
    const { report } = await call('library:check', {});
    openModal({ title: t('check.title'), content: [checkReport(report)] });
  } catch (err) {
    toastError(err, t('error.check'));
  }
}
