import { z } from 'zod';
import type { Article, ArticleSummary, Quote, Tag } from '../core/model';

/**
 * The contract between every shell and the core: one entry per channel, named
 * `domain:verb`, with the validator its request must pass. Response types live in
 * {@link Responses}. Nothing reaches the core except through this table.
 */

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const tagPath = z.string().min(1).max(2000);
const tagList = z.array(tagPath).max(100);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #ffcc00');
const comment = z.string().max(100_000);
const empty = z.strictObject({});

/** Request validators, keyed by channel name. */
export const requests = {
  'app:info': empty,
  'articles:list': empty,
  'articles:get': z.strictObject({ id }),
  'articles:import': z.strictObject({
    name: z.string().min(1).max(500),
    text: z.string().max(20_000_000),
    format: z.enum(['text', 'markdown']).optional(),
  }),
  'articles:rename': z.strictObject({ id, title: z.string().min(1).max(1000) }),
  'quotes:create': z
    .strictObject({
      articleId: id,
      start: offset,
      end: offset,
      comment: comment.optional(),
      color: color.nullable().optional(),
      tags: tagList.optional(),
    })
    .refine((q) => q.start < q.end, { message: 'start must be before end', path: ['end'] }),
  'quotes:list': z.strictObject({
    articleId: id.optional(),
    tag: tagPath.optional(),
    state: z.enum(['live', 'trash', 'all']).optional(),
  }),
  'quotes:update': z.strictObject({ id, comment: comment.optional(), color: color.nullable().optional() }),
  'quotes:tag': z.strictObject({ id, tags: tagList.min(1) }),
  'quotes:untag': z.strictObject({ id, tags: tagList.min(1) }),
  'quotes:delete': z.strictObject({ id }),
  'quotes:restore': z.strictObject({ id }),
  'tags:list': empty,
} as const;

/** Every channel name. */
export type Channel = keyof typeof requests;

/** The list of channel names, for shells that expose one function per channel. */
export const channelNames = Object.keys(requests) as Channel[];

/** The validated request type of a channel. */
export type Request<C extends Channel> = z.input<(typeof requests)[C]>;

/** What each channel answers. */
export interface Responses {
  'app:info': { version: string; database: string; schemaLevel: number };
  'articles:list': { articles: ArticleSummary[] };
  'articles:get': { article: Article };
  'articles:import': { article: ArticleSummary; created: boolean };
  'articles:rename': { article: ArticleSummary };
  'quotes:create': { quote: Quote };
  'quotes:list': { quotes: Quote[] };
  'quotes:update': { quote: Quote };
  'quotes:tag': { quote: Quote };
  'quotes:untag': { quote: Quote };
  'quotes:delete': { quote: Quote };
  'quotes:restore': { quote: Quote };
  'tags:list': { tags: Tag[] };
}

/** The response type of a channel. */
export type Response<C extends Channel> = Responses[C];

/** A failure as it crosses IPC or HTTP: a code, a sentence for a person, and optional field issues. */
export interface ApiError {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

/** Every call answers with this envelope; errors never cross a boundary as exceptions. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** True when `name` is a channel of the table (own property, so `__proto__` and friends are not). */
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
