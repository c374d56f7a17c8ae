import { toDisposable, type Disposable } from './lifecycle';

/** Subscribes a listener to typed events; the returned disposable unsubscribes it. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

/** The source of one kind of typed event, as VS Code's `Emitter`: stores fire, views subscribe through {@link event}. */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(e: T) => void>();

  /** Subscribes to this emitter's events. */
  readonly event: Event<T> = (listener) => {
    const own = (e: T) => listener(e);
    this.listeners.add(own);
    return toDisposable(() => this.listeners.delete(own));
  };

  /** Tells every current listener; one that throws does not stop the others. */
  fire(e: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  /** How many listeners are subscribed (for tests and leak checks). */
  get size(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
