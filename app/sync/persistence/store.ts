import { createHash, randomBytes } from 'node:crypto';
import * as Y from 'yjs';

/** What a token lets its holder do with one library. */
export type SyncRole = 'owner' | 'editor' | 'viewer';

/** The roles an invite can give. */
export const SYNC_ROLES: readonly SyncRole[] = ['owner', 'editor', 'viewer'];

/** Who a token belongs to, as the server stores it (the token itself is never stored, only its sha-256). */
export interface TokenGrant {
  library: string;
  role: SyncRole;
  name: string;
}

/** One member of a library: a token's grant with its public id (never the token). */
export interface Member extends TokenGrant {
  tokenId: string;
  createdAt: string;
}

/** The sha-256 of a string or bytes, in hex. */
export const sha256 = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

/** The public id of a token: the first 16 hex digits of its sha-256 (which cannot be turned back into the token). */
export const tokenIdOf = (hash: string): string => hash.slice(0, 16);

/** A new random token in the `ap1_…` form. */
export const newToken = (): string => `ap1_${randomBytes(32).toString('base64url')}`;

const LIBRARY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True for a library name the server accepts (letters, digits, `.`, `_`, `-`, at most 64). */
export function isLibraryName(name: string): boolean {
  return LIBRARY_NAME.test(name);
}

/** True for a token id as `members` prints it. */
export function isTokenId(id: string): boolean {
  return /^[0-9a-f]{16}$/.test(id);
}

/** Refuses a grant with a bad library name or role, in a sentence. */
export function checkGrant(grant: TokenGrant): void {
  if (!isLibraryName(grant.library)) throw new Error(`"${grant.library}" is not a library name: use letters, digits, ".", "_" or "-" (at most 64).`);
  if (!SYNC_ROLES.includes(grant.role)) throw new Error(`--role must be one of ${SYNC_ROLES.join(', ')}.`);
}

/** One state holding everything of two stored states of a document (Yjs merge: nothing of either is lost). */
export function mergeStates(a: Uint8Array, b: Uint8Array): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, a);
  Y.applyUpdate(doc, b);
  const out = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return out;
}

/**
 * Where a sync server keeps documents, tokens and article texts: an SQLite file or a
 * PostgreSQL database. Several server processes may share one store; a document's
 * stored state is merged with what another process stored meanwhile, never overwritten.
 */
export interface SyncStore {
  /** A short description for messages (a file path or a database address without its password). */
  readonly where: string;
  /** The stored state of a document, or null for a new one. */
  fetchDocument(name: string): Promise<Uint8Array | null>;
  /** Stores a document's state, merged with a state another process stored since this one last read or wrote it. */
  storeDocument(name: string, state: Uint8Array): Promise<void>;
  /** Creates a token for a grant; returns the token (shown once) and its id. */
  createToken(grant: TokenGrant): Promise<{ token: string; tokenId: string }>;
  /** The grant of a token given by its sha-256, with its id, or undefined. */
  tokenByHash(hash: string): Promise<Member | undefined>;
  /** Every member of a library, oldest first. */
  members(library: string): Promise<Member[]>;
  /** Removes a token; returns who it belonged to, or undefined for an unknown id. */
  revoke(tokenId: string): Promise<Member | undefined>;
  /** Changes a token's role; returns the member as now, or undefined for an unknown id. */
  setRole(tokenId: string, role: SyncRole): Promise<Member | undefined>;
  /** A number that changes whenever a token is revoked or its role changes (servers watch it). */
  tokensVersion(): Promise<number>;
  /** An article text stored for a library, or undefined. */
  getBlob(library: string, hash: string): Promise<string | undefined>;
  /** Stores an article text (kept if already there). */
  putBlob(library: string, hash: string, text: string): Promise<void>;
  /** A value of the server's own settings (its last URL). */
  getMeta(key: string): Promise<string | undefined>;
  /** Sets a value of the server's own settings. */
  setMeta(key: string, value: string): Promise<void>;
  /** Closes the file or the database connections. */
  close(): Promise<void>;
}
