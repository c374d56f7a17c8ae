import type { z } from 'zod';
import { ApostilError } from '../core/errors';
import type { Library } from '../core/library';
import { schemaLevel } from '../core/migrations';
import { isChannel, requests, type ApiError, type Channel, type Envelope, type Response } from './channels';

type Parsed<C extends Channel> = z.output<(typeof requests)[C]>;
type Handlers = { [C in Channel]: (lib: Library, req: Parsed<C>) => Response<C> };

const handlers: Handlers = {
  'app:info': (lib) => ({ version: APP_VERSION, database: lib.store.file, schemaLevel: schemaLevel(lib.store.db) }),
  'articles:list': (lib) => ({ articles: lib.articles.list() }),
  'articles:get': (lib, r) => ({ article: lib.articles.get(r.id) }),
  'articles:import': (lib, r) => lib.articles.importText(r.name, r.text, r.format),
  'articles:rename': (lib, r) => ({ article: lib.articles.rename(r.id, r.title) }),
  'quotes:create': (lib, r) => ({ quote: lib.quotes.create(r) }),
  'quotes:list': (lib, r) => ({ quotes: lib.quotes.list(r) }),
  'quotes:update': (lib, r) => ({ quote: lib.quotes.update(r.id, r) }),
  'quotes:tag': (lib, r) => ({ quote: lib.quotes.tag(r.id, r.tags) }),
  'quotes:untag': (lib, r) => ({ quote: lib.quotes.untag(r.id, r.tags) }),
  'quotes:delete': (lib, r) => ({ quote: lib.quotes.delete(r.id) }),
  'quotes:restore': (lib, r) => ({ quote: lib.quotes.restore(r.id) }),
  'tags:list': (lib) => ({ tags: lib.tags.list() }),
};

declare const __APOSTIL_VERSION__: string | undefined;
const APP_VERSION = typeof __APOSTIL_VERSION__ === 'string' ? __APOSTIL_VERSION__ : '0.0.0-dev';

function failure(error: ApiError): Envelope<never> {
  return { ok: false, error };
}

/** Turns any thrown value into the error envelope; unexpected errors are logged, not leaked. */
export function toApiError(err: unknown, log: (e: unknown) => void = console.error): ApiError {
  if (err instanceof ApostilError) return { code: err.code, message: err.message };
  log(err);
  return { code: 'internal', message: 'Apostil hit an unexpected error; nothing was changed. Details are in the log.' };
}

/**
 * Serves the channel table on a library: validates every request, runs its handler,
 * and answers with an {@link Envelope}. It never throws.
 */
export class Service {
  constructor(
    readonly library: Library,
    private readonly log: (e: unknown) => void = console.error,
  ) {}

  /** Handles one call from any shell. `channel` and `payload` are untrusted. */
  call(channel: unknown, payload: unknown): Envelope<unknown> {
    if (!isChannel(channel)) {
      return failure({ code: 'invalid_request', message: `Unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}.` });
    }
    const parsed = requests[channel].safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      return failure({
        code: 'invalid_request',
        message: `Invalid request for ${channel}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        issues,
      });
    }
    try {
      const handler = handlers[channel] as (lib: Library, req: unknown) => unknown;
      return { ok: true, value: handler(this.library, parsed.data) };
    } catch (err) {
      return failure(toApiError(err, this.log));
    }
  }
}
