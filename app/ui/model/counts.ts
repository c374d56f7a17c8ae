import type { Response } from '../../api/channels';
import type { Call } from './api';
import { Emitter } from './emitter';
import type { Disposable } from './lifecycle';

/** How much the library holds, as `library:counts` answers from its maintained counters. */
export type LibraryCounts = Response<'library:counts'>['counts'];

/** The library's counts, read from the api's counters (never by loading rows); refreshes are coalesced. */
export class CountStore implements Disposable {
  private value: LibraryCounts | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly changes = new Emitter<LibraryCounts>();
  /** Fires with the new counts after each refresh. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly call: Call) {}

  /** The counts last read, or null before the first answer. */
  get counts(): LibraryCounts | null {
    return this.value;
  }

  /** Reads the counts again; calls during a refresh fold into one more refresh after it. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          this.value = (await this.call('library:counts', {})).counts;
          this.changes.fire(this.value);
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  dispose(): void {
    this.changes.dispose();
  }
}
