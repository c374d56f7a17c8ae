/** Where an autosaved value stands: nothing to do, waiting to save, being saved, or the last save failed. */
export type SaveState = 'saved' | 'dirty' | 'saving' | 'error';

/** How an {@link Autosave} stores its value. */
export interface AutosaveOptions<T> {
  /** Milliseconds of quiet after the last change before saving. */
  delay: number;
  /** Stores the value; resolves once the api answered ok. */
  save(value: T): Promise<void>;
  /** Sends the value while the page goes away, with a request that outlives it; resolves if the page lives on. */
  saveOnExit(value: T): Promise<void>;
  /** Told about every change of state; `error` carries what went wrong (told again after each failed retry). */
  onState?(state: SaveState, error?: unknown): void;
  /** Milliseconds before the first automatic retry after a failure; it doubles up to {@link MAX_RETRY_MS}. */
  retryDelay?: number;
}

/** Longest wait between automatic retries. */
export const MAX_RETRY_MS = 30_000;
const FIRST_RETRY_MS = 2000;

const live = new Set<Autosave<unknown>>();
let exitHooked = false;

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const flushAll = () => {
    for (const a of live) a.flushOnExit();
  };
  window.addEventListener('pagehide', flushAll);
  window.addEventListener('beforeunload', flushAll);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushAll();
  });
}

/**
 * Saves a value some time after it stops changing, at once on `flush` (blur,
 * switching notes), and with a request that outlives the page when the window
 * is hidden or closes. It reports `saved` only after the api answered ok, and a
 * value is only ever followed by newer ones. A failed save (disk full, read-only,
 * busy) keeps the value and is retried by itself, waiting longer each time.
 */
export class Autosave<T> {
  private pending: { value: T } | null = null;
  private inflight: { value: T } | null = null;
  private running: Promise<void> | null = null;
  private timer: number | undefined;
  private failed = false;
  private retryTimer: number | undefined;
  private retryIn = 0;

  constructor(private readonly opts: AutosaveOptions<T>) {
    hookExit();
    live.add(this as Autosave<unknown>);
  }

  /** Records a new value and schedules its save. */
  change(value: T): void {
    this.pending = { value };
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), this.opts.delay);
    if (!this.running) this.opts.onState?.('dirty');
  }

  /** True when a value is waiting or being saved. */
  get busy(): boolean {
    return this.pending !== null || this.running !== null;
  }

  /** Saves the waiting value now; resolves once everything changed so far is stored (or failed). */
  async flush(): Promise<void> {
    window.clearTimeout(this.timer);
    window.clearTimeout(this.retryTimer);
    while (this.running) await this.running;
    const next = this.pending;
    if (!next) return;
    this.pending = null;
    await this.track(next, this.opts.save(next.value));
    if (this.pending && !this.failed) await this.flush();
  }

  /**
   * Sends the newest unsaved value with a request that survives the page closing;
   * a save still in flight is sent again that way, as the page may cancel it.
   */
  flushOnExit(): void {
    window.clearTimeout(this.timer);
    const next = this.pending ?? this.inflight;
    if (!next) return;
    this.pending = null;
    void this.track(next, this.opts.saveOnExit(next.value));
  }

  private track(next: { value: T }, saving: Promise<void>): Promise<void> {
    this.inflight = next;
    this.opts.onState?.('saving');
    const mine: Promise<void> = saving
      .then(
        () => {
          this.failed = false;
          this.retryIn = 0;
          if (!this.pending && this.running === mine) this.opts.onState?.('saved');
        },
        (err: unknown) => {
          this.failed = true;
          this.pending ??= next;
          this.retryIn = Math.min(MAX_RETRY_MS, this.retryIn ? this.retryIn * 2 : (this.opts.retryDelay ?? FIRST_RETRY_MS));
          window.clearTimeout(this.retryTimer);
          this.retryTimer = window.setTimeout(() => void this.flush(), this.retryIn);
          this.opts.onState?.('error', err);
        },
      )
      .finally(() => {
        if (this.running !== mine) return;
        this.running = null;
        this.inflight = null;
      });
    this.running = mine;
    return mine;
  }

  /** Stops tracking; call after a final `flush`. */
  dispose(): void {
    window.clearTimeout(this.timer);
    window.clearTimeout(this.retryTimer);
    live.delete(this as Autosave<unknown>);
  }
}
