/** Something that holds a resource (a listener, a timer, a view) until it is disposed, as VS Code's `IDisposable`. */
export interface Disposable {
  dispose(): void;
}

/** A disposable that runs `fn` once, the first time it is disposed. */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** Owns a set of disposables and disposes them together; anything added after disposal is disposed at once. */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  /** Takes ownership of `item` and returns it. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Disposes everything owned so far, keeping the store usable. */
  clear(): void {
    const items = [...this.items];
    this.items.clear();
    for (const item of items) item.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}
