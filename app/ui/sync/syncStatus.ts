import type { SyncMember, SyncStatus } from '../../sync/client';
import { call } from '../client';
import { formatDate, h } from '../dom';
import { t, tn } from '../i18n/i18n';
import { SYNC_STATUS_EVENT } from '../readOnly';
import { toastError } from '../toast';
import { openModal } from '../widgets/dialog';

/** How often the control asks where sync stands (the host owns the connection; the window only looks). */
const POLL_MS = 2000;

/** The words the control shows for a status: synced, offline, sending N changes, an error, not syncing. */
export function statusLabel(s: SyncStatus): string {
  switch (s.state) {
    case 'synced':
      return t('sync.state.synced');
    case 'offline':
      return s.pending ? tn('sync.state.offlinePending', s.pending) : t('sync.state.offline');
    case 'pending':
      return s.pending ? tn('sync.state.sending', s.pending) : t('sync.state.receiving');
    case 'error':
      return t('sync.state.error');
    case 'connecting':
      return t('sync.state.connecting');
    default:
      return t('sync.state.off');
  }
}

/** A role's name for people: owner, editor, viewer (another word as the server gave it). */
export function roleName(role: string | null): string {
  switch (role) {
    case 'owner':
      return t('sync.role.owner');
    case 'editor':
      return t('sync.role.editor');
    case 'viewer':
      return t('sync.role.viewer');
    default:
      return role ?? '—';
  }
}

/** The members of a shared library with their roles, as an owner sees them in the sync settings. */
function membersList(members: SyncMember[]): HTMLElement {
  return h(
    'section',
    { class: 'sync-members', 'aria-label': t('sync.members') },
    h('h3', { class: 'field-label' }, t('sync.members'), ' ', h('span', { class: 'pane-count' }, String(members.length))),
    h(
      'ul',
      { class: 'sync-member-list' },
      ...members.map((m) =>
        h(
          'li',
          {},
          h('span', { class: 'sync-member-name' }, m.name || t('sync.members.unnamed')),
          ' ',
          h('span', { class: 'sync-member-role' }, roleName(m.role)),
        ),
      ),
    ),
    h('p', { class: 'field-hint' }, t('sync.members.hint')),
  );
}

/**
 * The sync status control at the foot of the library: a dot and a word for where sync
 * stands (its reason in the tooltip when it failed), opening the sync settings.
 */
export class SyncStatusControl {
  readonly el: HTMLButtonElement;
  private readonly dot = h('span', { class: 'sync-dot', 'aria-hidden': 'true' });
  private readonly label = h('span', { class: 'sync-label' });
  private status: SyncStatus | undefined;
  private timer: number | undefined;
  private readonly listeners = new Set<(s: SyncStatus) => void>();

  constructor() {
    this.el = h('button', { type: 'button', class: 'sync-status', 'aria-haspopup': 'dialog', onclick: () => this.openSettings() }, this.dot, this.label);
    this.render({ server: null, library: null, role: null, state: 'disconnected', pending: 0, lastSyncedAt: null });
  }

  /** Starts asking for the status now and every few seconds while the window is visible. */
  start(): void {
    const tick = async () => {
      this.timer = undefined;
      if (document.visibilityState === 'visible') await this.refresh();
      this.timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
  }

  /** Asks for the status now. */
  async refresh(): Promise<SyncStatus | undefined> {
    try {
      const { status } = await call('sync:status', {});
      this.render(status);
      return status;
    } catch {
      return undefined; // The host is gone or busy: the next tick asks again.
    }
  }

  private render(s: SyncStatus): void {
    this.status = s;
    const text = statusLabel(s);
    this.label.textContent = text;
    this.el.dataset.state = s.state;
    this.el.title = s.state === 'error' && s.error ? t('sync.errorTitle', { reason: s.error }) : t('sync.open');
    this.el.setAttribute('aria-label', t('sync.control', { state: s.state === 'error' && s.error ? `${text}: ${s.error}` : text }));
    for (const l of this.listeners) l(s);
    document.dispatchEvent(new CustomEvent(SYNC_STATUS_EVENT, { detail: s }));
  }

  /** Opens the sync settings: connect with an address, token and name, or see the connection and disconnect. */
  openSettings(): void {
    if (document.querySelector('dialog[open]')) return;
    const area = h('div', { class: 'sync-settings' });
    const draw = (s: SyncStatus) => {
      const members = JSON.stringify(s.members ?? null);
      if (
        area.dataset.state === s.state &&
        s.state !== 'error' &&
        s.state !== 'connecting' &&
        area.dataset.pending === String(s.pending) &&
        area.dataset.members === members
      )
        return;
      area.dataset.state = s.state;
      area.dataset.pending = String(s.pending);
      area.dataset.members = members;
      area.replaceChildren(...(s.state === 'disconnected' || (s.state === 'error' && !s.server) ? this.connectForm(s) : this.connectionInfo(s)));
    };
    this.listeners.add(draw);
    openModal({
      title: t('sync.title'),
      message: t('sync.message'),
      className: 'sync-dialog',
      content: [area],
      onClose: () => this.listeners.delete(draw),
    });
    draw(this.status!);
    area.querySelector<HTMLElement>('input')?.focus();
    void this.refresh();
  }

  private connectForm(s: SyncStatus): Node[] {
    const field = (id: string, label: string, input: HTMLInputElement, hint?: string) =>
      h(
        'div',
        { class: 'field field-wide' },
        h('label', { class: 'field-label', for: id }, label),
        input,
        hint ? h('span', { class: 'field-hint' }, hint) : null,
      );
    const url = h('input', {
      id: 'sync-url',
      type: 'url',
      class: 'field-input',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: t('sync.url.placeholder'),
    });
    const token = h('input', { id: 'sync-token', type: 'password', class: 'field-input', required: true, autocomplete: 'off', spellcheck: 'false' });
    const name = h('input', { id: 'sync-name', type: 'text', class: 'field-input', autocomplete: 'off', maxlength: '200' });
    const connect = h('button', { type: 'submit', class: 'button button-primary' }, t('sync.connect'));
    const form = h(
      'form',
      {
        class: 'sync-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          connect.disabled = true;
          void call('sync:connect', { url: url.value.trim(), token: token.value.trim(), name: name.value.trim() || undefined })
            .then(({ status }) => this.render(status))
            .catch((err: unknown) => toastError(err, t('sync.connectFailed')))
            .finally(() => (connect.disabled = false));
        },
      },
      field('sync-url', t('sync.url'), url, t('sync.url.hint')),
      field('sync-token', t('sync.token'), token, t('sync.token.hint')),
      field('sync-name', t('sync.name'), name, t('sync.name.hint')),
      s.state === 'error' && s.error ? h('p', { class: 'check-report failed', role: 'alert' }, t('sync.errorTitle', { reason: s.error })) : null,
      h('div', { class: 'sync-form-actions' }, connect),
    );
    return [form];
  }

  private connectionInfo(s: SyncStatus): Node[] {
    const row = (label: string, value: string) => [h('dt', {}, label), h('dd', {}, value)];
    const disconnect = h('button', { type: 'button', class: 'button button-danger' }, t('sync.disconnect'));
    disconnect.onclick = () => {
      disconnect.disabled = true;
      void call('sync:disconnect', {})
        .then(({ status }) => this.render(status))
        .catch((err: unknown) => toastError(err, t('sync.disconnectFailed')))
        .finally(() => (disconnect.disabled = false));
    };
    return [
      h(
        'dl',
        { class: 'sync-info' },
        ...row(t('sync.info.state'), statusLabel(s)),
        ...row(t('sync.info.server'), s.server ?? '—'),
        ...row(t('sync.info.library'), s.library ?? '—'),
        ...row(t('sync.info.role'), roleName(s.role)),
        ...row(t('sync.info.last'), s.lastSyncedAt ? formatDate(s.lastSyncedAt, true) : t('sync.info.never')),
      ),
      ...(s.members ? [membersList(s.members)] : []),
      s.state === 'error' && s.error
        ? h('p', { class: 'check-report failed', role: 'alert' }, t('sync.errorTitle', { reason: s.error }))
        : h('p', { class: 'field-hint' }, t('sync.info.hint')),
      h('div', { class: 'sync-form-actions' }, disconnect),
    ];
  }

  /** Stops asking. */
  dispose(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
