import { apiMessage, call } from '../client';
import { h } from '../dom';
import { formatNumber, t, tn } from '../i18n/i18n';
import { toast, toastError } from '../toast';
import { openModal } from '../widgets/dialog';
import { runJob } from './importer';
import type { ImportReport } from './report';

/** What checking one watched article found, as the api reports it. */
type WatchCheck = NonNullable<ImportReport['checks']>[number];

/** What a revised article's quotes came to: placed again (exactly, moved or fuzzily), and orphaned. */
function quoteLine(check: WatchCheck): string {
  const counts = check.counts;
  const placed = counts ? counts.exact + counts.moved + counts.fuzzy : 0;
  const orphaned = counts?.orphaned ?? 0;
  const parts = [t('watchAll.revision', { n: formatNumber(check.revision) })];
  if (placed + orphaned === 0) parts.push(t('watchAll.noQuotes'));
  if (placed) parts.push(tn('watchAll.placed', placed, { count: formatNumber(placed) }));
  if (orphaned) parts.push(t('status.orphaned.count', { count: formatNumber(orphaned) }));
  return parts.join(' · ');
}

function titleOf(check: WatchCheck): string {
  return check.title || check.url;
}

/** One group of the report: a heading and its articles, or nothing when it has none. */
function group(kind: 'revised' | 'failed' | 'unchanged', heading: string, items: HTMLElement[]): HTMLElement | null {
  if (!items.length) return null;
  return h(
    'section',
    { class: `watch-report-group watch-report-${kind}`, 'aria-label': heading },
    h('h3', { class: 'watch-report-heading' }, heading, h('span', { class: 'watch-report-count' }, formatNumber(items.length))),
    h('ul', { class: 'watch-report-list' }, ...items),
  );
}

/** Shows what checking every watched article found; a changed or failed article opens from its title. */
function showReport(checks: WatchCheck[], open: (articleId: number) => void): void {
  const of = (status: WatchCheck['status']) => checks.filter((c) => c.status === status);
  const [revised, failed, unchanged] = [of('revised'), of('failed'), of('unchanged')];
  const opener = (check: WatchCheck) =>
    h(
      'button',
      {
        type: 'button',
        class: 'watch-report-title',
        title: check.url,
        onclick: () => {
          modal.close();
          open(check.articleId);
        },
      },
      titleOf(check),
    );
  const modal = openModal({
    title: t('watchAll.title'),
    className: 'report-dialog watch-report',
    message: t('watchAll.summary', {
      checked: tn('watchAll.checked', checks.length, { count: formatNumber(checks.length) }),
      revised: formatNumber(revised.length),
      unchanged: formatNumber(unchanged.length),
      failed: formatNumber(failed.length),
    }),
    content: [
      h(
        'div',
        { class: 'report-scroll' },
        group(
          'revised',
          t('watchAll.revisedHeading'),
          revised.map((c) => h('li', {}, opener(c), h('span', { class: 'watch-report-detail' }, quoteLine(c)))),
        ),
        group(
          'failed',
          t('watchAll.failedHeading'),
          failed.map((c) => h('li', {}, opener(c), h('span', { class: 'watch-report-detail' }, apiMessage(c.code ?? 'internal', c.error ?? '')))),
        ),
        group(
          'unchanged',
          t('watchAll.unchangedHeading'),
          unchanged.map((c) => h('li', {}, h('span', { class: 'watch-report-name', title: c.url }, titleOf(c)))),
        ),
      ),
    ],
  });
}

/**
 * Checks every watched article for a new version in the background (`watch:check` with
 * no article), showing how many have been checked of how many with a Cancel that stops
 * it within a second (articles already checked keep their new versions), then a report
 * from which each changed article opens. Resolves with the ids of the articles that got
 * a new revision, so the library can show them.
 */
export async function checkAllWatched(open: (articleId: number) => void): Promise<number[]> {
  let cancelled = false;
  let done = 0;
  let total = 0;
  const progress = toast(t('watchAll.starting'), { kind: 'busy', action: { label: t('import.cancel'), run: () => (cancelled = true) } });
  try {
    const report = await runJob(
      async () => (await call('watch:check', {})).job,
      (_fraction, d, n) => {
        done = d;
        total = n;
        if (n) progress.update(t('watchAll.progress', { done: formatNumber(d), total: formatNumber(n) }));
      },
      () => cancelled,
    );
    if (!report) {
      toast(t('watchAll.cancelled', { done: formatNumber(done), total: formatNumber(total) }));
      return [];
    }
    const checks = report.checks ?? [];
    if (!checks.length) toast(t('watchAll.none'));
    else showReport(checks, open);
    return checks.filter((c) => c.status === 'revised').map((c) => c.articleId);
  } catch (err) {
    toastError(err, t('watchAll.failedTitle'));
    return [];
  } finally {
    progress();
  }
}
