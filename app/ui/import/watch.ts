import { call } from '../client';
import { h } from '../dom';
import { currentLocale, t, tn } from '../i18n/i18n';
import { toast, toastError } from '../toast';
import { runJob } from './importer';

function when(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * Adds to an article header, for an article from the web, when it was last checked (and
 * whether that check failed, the reason on hover), how many revisions it has and a
 * *Check for a new version* button; nothing for other
 * articles. `current` says whether the header still shows that article when the answer comes.
 */
export async function appendWatchLine(meta: HTMLElement, articleId: number, current: () => boolean, check: () => void): Promise<void> {
  const { watch } = await call('watch:get', { articleId });
  if (!watch || !current()) return;
  meta.querySelector('.watch-line')?.remove();
  const checked = watch.lastCheckedAt ? t('watch.checked', { when: when(watch.lastCheckedAt) }) : t('watch.never');
  meta.append(
    h(
      'span',
      { class: 'watch-line', title: watch.url },
      h('span', { class: 'dot', 'aria-hidden': 'true' }, '·'),
      checked,
      watch.lastError && h('span', { class: 'watch-error', title: watch.lastError }, ` (${t('watch.lastFailed')})`),
      h('span', { class: 'dot', 'aria-hidden': 'true' }, '·'),
      tn('watch.revisions', watch.revisions),
      h('button', { type: 'button', class: 'link-button watch-check', onclick: check }, t('watch.check')),
    ),
  );
}

/**
 * Checks an article from the web for a new version in the background and says what it
 * found; resolves true when the page had changed and became a new revision.
 */
export async function checkForNewVersion(articleId: number): Promise<boolean> {
  const busy = toast(t('watch.checking'), { kind: 'busy' });
  try {
    const report = await runJob(
      async () => (await call('watch:check', { articleId })).job,
      () => undefined,
      () => false,
    );
    const check = report?.checks?.[0];
    if (!check) return false;
    if (check.status === 'revised') toast(t('watch.revised', { n: String(check.revision) }));
    else if (check.status === 'unchanged') toast(t('watch.unchanged'));
    else toast(t('watch.failed', { reason: check.error ?? '' }), { kind: 'error' });
    return check.status === 'revised';
  } catch (err) {
    toastError(err, t('watch.failedTitle'));
    return false;
  } finally {
    busy();
  }
}
