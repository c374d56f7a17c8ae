/** One window of a list as its source answers it: the ids in it, and how long the whole list is. */
export interface IdPage {
  ids: number[];
  total: number;
}

/** Where a paged list reads its windows from (`quotes:list` with limit/offset, a search). */
export type PageSource = (offset: number, limit: number) => Promise<IdPage>;

/** Rows read per request. */
export const PAGE_SIZE = 100;

/**
 * A long list known by its length and the windows read so far: rows are read a page
 * at a time as they come on screen, so showing row 80,000 reads one page, not 80,000
 * rows. {@link reset} starts over when the list may have changed (a filter, a change
 * from elsewhere); answers to older requests are then ignored.
 */
export class PagedList {
  private ids: (number | undefined)[] = [];
  private length: number | null = null;
  private readonly loading = new Map<number, Promise<void>>();
  private generation = 0;
  /** True after a reset until the first page of the new read arrives: the old rows stay shown meanwhile. */
  private stale = false;

  constructor(
    private source: PageSource,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  /** How many rows the list has; null until the first page was read. */
  get total(): number | null {
    return this.length;
  }

  /** The id at row `index`, if its page was read. */
  idAt(index: number): number | undefined {
    return this.ids[index];
  }

  /** The row of an id among the pages read, or -1. */
  indexOf(id: number): number {
    return this.ids.indexOf(id);
  }

  /** Reads the pages covering rows `[from, to)` that are not read yet (the first page when nothing is). */
  async ensure(from: number, to: number): Promise<void> {
    const last = Math.max(from, Math.min(to, this.length ?? this.pageSize) - 1);
    const pages: Promise<void>[] = [];
    for (let p = Math.floor(from / this.pageSize); p <= Math.floor(last / this.pageSize); p++) {
      const start = p * this.pageSize;
      if (this.length !== null && start >= this.length && start > 0) break;
      const read =
        !this.stale && this.ids[start] !== undefined && (this.length === null || this.ids[Math.min(this.length, start + this.pageSize) - 1] !== undefined);
      if (read) continue;
      pages.push(this.read(p));
    }
    await Promise.all(pages);
  }

  /**
   * Marks every row as needing a new read (optionally from a new source): the next
   * {@link ensure} reads afresh, and the rows read before stay until its first answer,
   * so a list being read again does not flash empty.
   */
  reset(source?: PageSource): void {
    if (source) this.source = source;
    this.generation++;
    this.stale = true;
    this.loading.clear();
  }

  /** Drops one row, after the item left the list here (deleted, restored), so rows below move up without reading again. */
  removeAt(index: number): void {
    if (index < 0) return;
    this.ids.splice(index, 1);
    if (this.length !== null) this.length = Math.max(0, this.length - 1);
  }

  private read(page: number): Promise<void> {
    const pending = this.loading.get(page);
    if (pending) return pending;
    const generation = this.generation;
    const work = this.source(page * this.pageSize, this.pageSize).then(
      ({ ids, total }) => {
        if (generation !== this.generation) return;
        if (this.stale) {
          this.ids = [];
          this.stale = false;
        }
        this.length = total;
        if (this.ids.length > total) this.ids.length = total;
        ids.forEach((id, i) => (this.ids[page * this.pageSize + i] = id));
        this.loading.delete(page);
      },
      (err: unknown) => {
        if (generation === this.generation) this.loading.delete(page);
        throw err;
      },
    );
    this.loading.set(page, work);
    return work;
  }
}
