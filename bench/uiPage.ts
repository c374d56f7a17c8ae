/**
 * Functions the ui benchmark runs inside the page with `page.evaluate`. Playwright sends
 * their source text, so each is self-contained: no imports, no module-level names. The
 * bench is type-checked without the DOM library, so the page is typed by the small
 * {@link PageGlobals} below, just as much as these functions use.
 */

/** The part of a DOM element these functions use. */
interface PageElement {
  append(...nodes: (PageElement | string)[]): void;
  replaceChildren(...nodes: (PageElement | string)[]): void;
  remove(): void;
  click(): void;
  getAttribute(name: string): string | null;
  readonly offsetHeight: number;
  style: { cssText: string };
}

/** The event fields these functions read. */
interface PageEvent {
  timeStamp: number;
  key?: string;
}

/** The part of the page's globals these functions use. */
interface PageGlobals {
  document: {
    body: PageElement;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    createElement(tag: string): PageElement;
    addEventListener(type: string, listener: (e: PageEvent) => void, capture: boolean): void;
  };
  requestAnimationFrame(callback: () => void): number;
  __apostilBench?: KeystrokeProbe;
}

/** An Event Timing entry (Chromium's `PerformanceEventTiming`), as far as read here. */
interface EventTimingEntry {
  name: string;
  duration: number;
  interactionId?: number;
}

/** What {@link installKeystrokeProbe} collects. */
export interface KeystrokeProbe {
  /** Per keystroke: ms from the keydown event's time stamp until its input was handled and laid out. */
  latencies: number[];
  /** Event Timing entries of key and input events that took 16 ms or more. */
  slow: EventTimingEntry[];
}

/** How long the whole reader article and all its highlights take to appear after a click in the library list. */
export interface OpenArgs {
  articleId: number;
  /** Distinct highlighted quotes to wait for (0 for an article without quotes). */
  highlights: number;
  timeoutMs: number;
}

/**
 * Clicks the article in the library list, then polls once per frame until the reader
 * shows `highlights` distinct quote ids; resolves with the milliseconds from the click.
 */
export function openArticle(args: OpenArgs): Promise<number> {
  const page = globalThis as unknown as PageGlobals;
  const count = () => {
    const ids = new Set<string | null>();
    const spans = page.document.querySelectorAll('#reader .quote-highlight[data-quote-id]');
    for (let i = 0; i < spans.length; i++) ids.add(spans[i]!.getAttribute('data-quote-id'));
    return ids.size;
  };
  const item = page.document.querySelector(`.article-item[data-article-id="${args.articleId}"]`);
  if (!item) return Promise.reject(new Error(`Article ${args.articleId} is not in the library list.`));
  const start = performance.now();
  item.click();
  return new Promise((done, fail) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      if (count() === args.highlights) done(elapsed);
      else if (elapsed > args.timeoutMs) fail(new Error(`The reader showed ${count()} of ${args.highlights} highlights after ${args.timeoutMs} ms.`));
      else page.requestAnimationFrame(tick);
    };
    page.requestAnimationFrame(tick);
  });
}

/** The naive way's input: the article text and its quotes' [start, end) ranges, sorted and disjoint. */
export interface NaiveArgs {
  body: string;
  ranges: [number, number][];
  /** Lay out each rebuilt document (a real re-render), not just the last one. */
  layout: boolean;
}

/**
 * The naive way to draw highlights: for every new highlight, rebuild the whole document,
 * one paragraph per line of the text, with the first i ranges wrapped in `<mark>`.
 * Resolves with the milliseconds until the last rebuild was laid out and a frame passed.
 * With `layout`, each rebuild is laid out before the next, as a render per highlight would be.
 */
export function naiveRender(args: NaiveArgs): Promise<number> {
  const page = globalThis as unknown as PageGlobals;
  const { body, ranges } = args;
  const host = page.document.createElement('div');
  host.style.cssText = 'position:absolute;top:0;left:0;width:40em;line-height:1.8;font-size:18px';
  page.document.body.append(host);
  const render = (n: number) => {
    const paragraphs: PageElement[] = [];
    let r = 0;
    let from = 0;
    for (const line of body.split('\n')) {
      const to = from + line.length;
      const p = page.document.createElement('p');
      let at = from;
      while (r < n && ranges[r]![0] < to) {
        const s = Math.max(ranges[r]![0], at);
        const e = Math.min(ranges[r]![1], to);
        if (s > at) p.append(body.slice(at, s));
        const mark = page.document.createElement('mark');
        mark.append(body.slice(s, e));
        p.append(mark);
        at = e;
        if (ranges[r]![1] <= to) r++;
        else break;
      }
      if (at < to) p.append(body.slice(at, to));
      paragraphs.push(p);
      from = to + 1;
    }
    host.replaceChildren(...paragraphs);
  };
  const start = performance.now();
  for (let i = 1; i <= ranges.length; i++) {
    render(i);
    if (args.layout) void host.offsetHeight;
  }
  void host.offsetHeight;
  return new Promise((done) =>
    page.requestAnimationFrame(() => {
      const elapsed = performance.now() - start;
      host.remove();
      done(elapsed);
    }),
  );
}

/**
 * Starts recording keystroke latency: from each keydown's time stamp until its input event
 * was handled (by the editor too) and the page laid out; painting is left to Event Timing. Also keeps
 * Chromium's Event Timing entries of 16 ms or more for key and input events. Called again,
 * it starts over with empty records.
 */
export function installKeystrokeProbe(): void {
  const page = globalThis as unknown as PageGlobals;
  if (page.__apostilBench) {
    page.__apostilBench.latencies = [];
    page.__apostilBench.slow = [];
    return;
  }
  page.__apostilBench = { latencies: [], slow: [] };
  const probe = () => page.__apostilBench!;
  const pending: number[] = [];
  page.document.addEventListener('keydown', (e) => pending.push(e.timeStamp), true);
  page.document.addEventListener(
    'input',
    () => {
      const start = pending.shift();
      if (start === undefined) return;
      // A microtask, not a timer: the renderer runs timers only once typing pauses. The editor's
      // mutation observer was queued when the text changed, so it has run by then.
      queueMicrotask(() => {
        void page.document.body.offsetHeight;
        probe().latencies.push(performance.now() - start);
      });
    },
    true,
  );
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as EventTimingEntry[]) {
      if (/^key|^input|^beforeinput/.test(e.name)) probe().slow.push({ name: e.name, duration: e.duration, interactionId: e.interactionId });
    }
  });
  observer.observe({ type: 'event', durationThreshold: 16 } as unknown as Parameters<InstanceType<typeof PerformanceObserver>['observe']>[0]);
}

/** Adds a bare, focused `<textarea>` to the page: the control for keystroke latency. */
export function addControlTextarea(): void {
  const page = globalThis as unknown as PageGlobals;
  const area = page.document.createElement('textarea');
  area.style.cssText = 'position:fixed;bottom:0;right:0;width:20em;height:6em;z-index:9999';
  page.document.body.append(area);
  (area as unknown as { focus(): void }).focus();
}

/** What {@link installKeystrokeProbe} has recorded so far. */
export function keystrokeProbe(): KeystrokeProbe {
  const probe = (globalThis as unknown as PageGlobals).__apostilBench;
  if (!probe) throw new Error('The keystroke probe is not installed.');
  return probe;
}
