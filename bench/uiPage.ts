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

/** The part of the page a list-view probe reads, typed loosely (the bench has no DOM types). */
interface ProbeElement {
  querySelectorAll(selector: string): ArrayLike<ProbeElement>;
  querySelector(selector: string): ProbeElement | null;
  getBoundingClientRect(): { top: number; bottom: number };
  hasAttribute(name: string): boolean;
  click(): void;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/** The page as the list-view probes see it. */
interface ProbePage {
  document: { querySelector(selector: string): ProbeElement | null; querySelectorAll(selector: string): ArrayLike<ProbeElement> };
  requestAnimationFrame(callback: () => void): number;
  __apostilSearch?: { latencies: number[] };
}

/** What a timed step waits for: `ready` present inside the visible part of `root`, and no placeholder row visible. */
export interface ScreenArgs {
  /** The element to click first, if any. */
  click?: string;
  /** The view that must show its first screen. */
  root: string;
  /** A row that counts as drawn. */
  ready: string;
  timeoutMs: number;
}

/**
 * Clicks (when asked), then polls once per frame until `root` shows at least one `ready`
 * row and no row still waiting for its data on screen; resolves with the milliseconds
 * from the click (or from navigation start, without a click) to that frame.
 */
export function firstScreen(args: ScreenArgs): Promise<number> {
  const page = globalThis as unknown as ProbePage;
  const start = args.click ? performance.now() : 0;
  if (args.click) {
    const target = page.document.querySelector(args.click);
    if (!target) return Promise.reject(new Error(`Nothing matches ${args.click}.`));
    target.click();
  }
  const done = () => {
    const root = page.document.querySelector(args.root);
    if (!root || !root.querySelector(args.ready)) return false;
    const box = root.getBoundingClientRect();
    const rows = root.querySelectorAll('[aria-busy="true"]');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!.getBoundingClientRect();
      if (r.bottom > box.top && r.top < box.bottom) return false;
    }
    return true;
  };
  return new Promise((resolve, fail) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      if (done()) page.requestAnimationFrame(() => resolve(performance.now() - start));
      else if (elapsed > args.timeoutMs) fail(new Error(`${args.root} showed no complete first screen within ${args.timeoutMs} ms.`));
      else page.requestAnimationFrame(tick);
    };
    tick();
  });
}

/** Where a list view scrolls and which element's descendants are counted. */
export interface CountArgs {
  scroller: string;
  root: string;
  /** Scroll to this fraction of the scrollable height before counting (0 = top, 1 = bottom). */
  fraction: number;
  timeoutMs: number;
}

/**
 * Scrolls a list view to a fraction of its length, waits until no row on screen is
 * waiting for data, and returns how many elements the view holds then (and the whole page).
 */
export function countAfterScroll(args: CountArgs): Promise<{ view: number; page: number }> {
  const page = globalThis as unknown as ProbePage;
  const scroller = page.document.querySelector(args.scroller);
  if (!scroller) return Promise.reject(new Error(`Nothing matches ${args.scroller}.`));
  scroller.scrollTop = args.fraction * (scroller.scrollHeight - scroller.clientHeight);
  const start = performance.now();
  return new Promise((resolve) => {
    let frames = 0;
    const tick = () => {
      frames++;
      const busy = page.document.querySelector(`${args.root} [aria-busy="true"]`);
      if ((frames > 3 && !busy) || performance.now() - start > args.timeoutMs) {
        const root = page.document.querySelector(args.root);
        resolve({ view: root ? root.querySelectorAll('*').length : 0, page: page.document.querySelectorAll('*').length });
      } else page.requestAnimationFrame(tick);
    };
    page.requestAnimationFrame(tick);
  });
}

/**
 * Starts recording search latency in the search box: from each keystroke (keydown, or the
 * input event for text typed without one, as CJK is) until the results list was redrawn
 * for the box's text and the next frame painted.
 */
export function installSearchProbe(args: { input: string; list: string }): void {
  const page = globalThis as unknown as ProbePage & {
    MutationObserver: new (cb: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
  };
  page.__apostilSearch = { latencies: [] };
  const input = page.document.querySelector(args.input) as unknown as {
    addEventListener(type: string, cb: (e: { timeStamp: number }) => void, capture: boolean): void;
  } | null;
  const list = page.document.querySelector(args.list);
  if (!input || !list) throw new Error('The search box is not on the page.');
  let started: number | null = null;
  input.addEventListener('keydown', (e) => (started ??= e.timeStamp), true);
  input.addEventListener('input', (e) => (started ??= e.timeStamp), true);
  new page.MutationObserver(() => {
    if (started === null || list.hasAttribute('aria-busy')) return;
    const from = started;
    started = null;
    page.requestAnimationFrame(() => page.__apostilSearch!.latencies.push(performance.now() - from));
  }).observe(list, { childList: true, attributes: true });
}

/** The search latencies recorded so far. */
export function searchProbe(): number[] {
  return (globalThis as unknown as ProbePage).__apostilSearch?.latencies ?? [];
}
