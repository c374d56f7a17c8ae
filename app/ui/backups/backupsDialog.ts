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
  if (/-manual(-\d+-\d+)?\.db$/.test(name)) return 'Backed up by hand';
  if (/-scheduled(-\d+-\d+)?\.db$/.test(name)) return 'Daily backup';
  if (/-before-restore(-\d+-\d+)?\.db$/.test(name)) return 'Library before a restore';
  if (/-before-migration-/.test(name)) return 'Before an upgrade';
  return 'Backup';
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The outcome of the library check, in plain words. */
function checkReport(report: CheckReport): HTMLElement {
  if (report.ok) {
    return h('div', { class: 'check-report ok', role: 'status' }, h('strong', {}, 'The library is healthy.'), h('span', {}, ' The integrity and foreign-key checks of SQLite found no problem.'));
  }
  const problems = [
    ...report.integrity.filter((line) => line !== 'ok'),
    ...report.foreignKeys.map((f) => `Row ${f.rowid} of ${f.table} points to a missing row of ${f.parent}.`),
  ];
  return h(
    'div',
    { class: 'check-report failed', role: 'alert' },
    h('strong', {}, `The check found ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}.`),
    h('span', {}, ' Restore the newest backup that predates them.'),
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
    { class: 'backup-table', 'aria-label': 'Backups' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Taken'), h('th', { scope: 'col' }, 'Why'), h('th', { scope: 'col', class: 'backup-size' }, 'Size'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    body,
  );
  const empty = h('p', { class: 'backup-empty', hidden: true }, 'No backups yet. Apostil takes one every day and before every upgrade; Back up now takes one at once.');
  const report = h('div', { class: 'check-slot' });
  const backUp = h('button', { type: 'button', class: 'button button-primary', onclick: () => void run(backUp, createBackup) }, 'Back up now');
  const check = h('button', { type: 'button', class: 'button', onclick: () => void run(check, checkLibrary) }, 'Check library');

  const modal = openModal({
    title: 'Backups',
    message: 'Apostil copies your library every day and before every upgrade, keeping the newest ten. Restoring one replaces the library; the current library is kept as a backup first.',
    className: 'backups-dialog',
    content: [h('div', { class: 'backup-scroll' }, table, empty), report],
    actions: [check, h('span', { class: 'spacer' }), h('button', { type: 'button', class: 'button', onclick: () => modal.close() }, 'Close'), backUp],
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
      toastError(err, 'Could not list the backups');
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
          h('td', { class: 'backup-actions' }, h('button', { type: 'button', class: 'button button-small', 'aria-label': `Restore the backup of ${when}`, onclick: () => void restore(b, when) }, 'Restore…')),
        );
      }),
    );
  }

  async function createBackup(): Promise<void> {
    try {
      const { backup } = await call('backups:create', {});
      toast(`Backed up the library (${size(backup.bytes)}).`);
      await load();
    } catch (err) {
      toastError(err, 'The backup was not made');
    }
  }

  async function restore(backup: BackupEntry, when: string): Promise<void> {
    const sure = await confirmAction({
      title: 'Restore this backup?',
      message: `Your library will be replaced by the backup of ${when}. The current library is kept as a backup first, so you can go back to it from this list.`,
      confirm: 'Restore',
      danger: true,
    });
    if (!sure) return;
    try {
      const { restored } = await call('backups:restore', { name: backup.name });
      await host.restored(restored);
      toast(`Restored the backup of ${when}: ${restored.articles} ${restored.articles === 1 ? 'article' : 'articles'}, ${restored.quotes} ${restored.quotes === 1 ? 'quote' : 'quotes'}.`);
      await load();
    } catch (err) {
      toastError(err, 'The backup was not restored');
    }
  }

  async function checkLibrary(): Promise<void> {
    report.replaceChildren(h('div', { class: 'check-report', role: 'status' }, 'Checking…'));
    try {
      report.replaceChildren(checkReport((await call('library:check', {})).report));
    } catch (err) {
      report.replaceChildren(h('div', { class: 'check-report failed', role: 'alert' }, h('strong', {}, 'The check did not run. '), err instanceof Error ? err.message : String(err)));
    }
  }

  void load();
}

/** Runs the library check on its own (from the library menu) and shows the report in a dialog. */
export async function checkLibraryNow(): Promise<void> {
  try {
    const { report } = await call('library:check', {});
    openModal({ title: 'Library check', content: [checkReport(report)] });
  } catch (err) {
    toastError(err, 'The check did not run');
  }
}
