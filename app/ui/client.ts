import { currentLocale, t } from './i18n/i18n';
import type { MessageKey } from './i18n/messages.en';
import type { ApostilBridge, AppEvent } from '../api/bridge';
import type { Channel, Envelope, ErrorCode, Request, Response } from '../api/channels';

export type { ApostilBridge, AppEvent } from '../api/bridge';

declare global {
  interface Window {
    apostil?: ApostilBridge;
  }
}

/** Failures the client itself finds: the host did not answer, or answered something that is not an envelope. */
export type ClientErrorCode = 'unreachable' | 'bad_response';

/** A failed call, carrying the api's error code and its sentence for a person. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

const TOKEN_KEY = 'apostil.token';
const KEEPALIVE_BYTES = 60_000;

/** Moves a `#token=…` fragment into sessionStorage and out of the address bar; returns the token in use. */
export function adoptToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]!));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** True when the page runs inside the desktop shell rather than the web host. */
export function isDesktop(): boolean {
  return window.apostil !== undefined;
}

async function overHttp(channel: Channel, body: string, keepalive = false): Promise<Envelope<unknown>> {
  let res: globalThis.Response;
  try {
    res = await fetch(`/api/${channel}`, {
      method: 'POST',
      keepalive,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` },
      body,
    });
  } catch {
    throw new ApiCallError('unreachable', t('client.unreachable'));
  }
  try {
    return (await res.json()) as Envelope<unknown>;
  } catch {
    throw new ApiCallError('bad_response', t('client.badResponse', { status: `${res.status} ${res.statusText}` }));
  }
}

/**
 * How each api error is told in languages other than English: the catalogue's sentence
 * alone (`whole`), the catalogue's sentence around the core's (`detail`: it names a file or
 * a field), or the core's sentence as it is (`core`). Typed by the core's one error-code
 * union, so a new code cannot reach the window untold.
 */
const TELLING: Record<ErrorCode, 'whole' | 'detail' | 'core'> = {
  busy: 'whole',
  disk_full: 'whole',
  read_only: 'whole',
  corrupt_database: 'whole',
  newer_database: 'whole',
  unauthorized: 'whole',
  internal: 'whole',
  not_found: 'whole',
  bad_file: 'detail',
  too_large: 'detail',
  invalid_request: 'detail',
  conflict: 'detail',
  cancelled: 'core',
  forbidden: 'core',
  unsupported: 'core',
};

/**
 * The api's error in the interface language. The core writes its sentences in English,
 * which English keeps as they are (they are the most specific); other languages say
 * the same from the catalogue, keeping the core's sentence as the detail where it
 * names a file or a field.
 */
export function apiMessage(code: ErrorCode, message: string): string {
  if (currentLocale() === 'en') return message;
  const telling = Object.prototype.hasOwnProperty.call(TELLING, code) ? TELLING[code] : 'core';
  if (telling === 'whole') return t(`apiError.${code}` as MessageKey);
  if (telling === 'detail') return t(`apiError.${code}` as MessageKey, { detail: message });
  return message;
}

async function invoke<C extends Channel>(channel: C, req: Request<C>, keepalive: boolean): Promise<Response<C>> {
  const bridge = window.apostil;
  let envelope: Envelope<unknown>;
  if (bridge) {
    envelope = await bridge.channels[channel](req);
  } else {
    const body = JSON.stringify(req);
    envelope = await overHttp(channel, body, keepalive && new TextEncoder().encode(body).length < KEEPALIVE_BYTES);
  }
  if (!envelope.ok) throw new ApiCallError(envelope.error.code, apiMessage(envelope.error.code, envelope.error.message), envelope.error.issues);
  return envelope.value as Response<C>;
}

/** Calls one channel of the api and resolves with its value, or rejects with an {@link ApiCallError}. */
export function call<C extends Channel>(channel: C, req: Request<C>): Promise<Response<C>> {
  return invoke(channel, req, false);
}

/**
 * Like {@link call}, for a call that must arrive even though the page is going away
 * (pagehide, beforeunload): over IPC as usual, over HTTP with `keepalive` so the
 * browser finishes the request after the page is gone (browsers allow 64 KiB of
 * such bodies; a larger one is sent as a plain request, which usually still
 * arrives because the host reads it at once).
 */
export function callOnExit<C extends Channel>(channel: C, req: Request<C>): Promise<Response<C>> {
  return invoke(channel, req, true);
}

/** Subscribes to events from the desktop shell (the web host sends none); returns a function that stops it. */
export function onEvent(cb: (event: AppEvent) => void): () => void {
  return window.apostil?.onEvent?.(cb) ?? (() => undefined);
}
