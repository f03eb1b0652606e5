/**
 * Trusted documents (Apollo's "persisted query lists", Hasura's allow-list): with
 * TRUSTED_DOCUMENTS set, the server runs the app's own operations, sent by id, and nothing
 * else. The list is the {hash: document} manifest GraphQL Code Generator's client preset
 * writes (`persistedDocuments`, sha256). An operation names its document with `documentId`
 * (the GraphQL-over-HTTP persisted documents convention, bare or as `sha256:<hash>`) or with
 * Apollo's `extensions.persistedQuery.sha256Hash`, over HTTP and WebSocket alike.
 *
 * In `enforce` mode a document sent as text runs only when it is, character for character,
 * one on the list; anything else is refused with PERSISTED_QUERY_NOT_IN_LIST. In `audit`
 * mode it runs, and the server logs what enforce would refuse: turn audit on first, watch
 * the log for operations the manifest lacks, then enforce. An id not on the list is
 * PERSISTED_QUERY_NOT_FOUND in both modes (there is nothing to run; Apollo Client's
 * persisted-query link then sends the text).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { ConfigError, type TrustedDocumentsSettings } from '../config.js';
import type { Logger } from '../logger.js';

export type TrustedDocumentsMode = TrustedDocumentsSettings['mode'];

/** What an operation may carry, over HTTP (body or query string) or in a graphql-ws subscribe payload. */
export interface PersistableRequest {
  query?: unknown;
  documentId?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/** What to run: the document's text (undefined when the request has none: the usual error follows), and the request's extensions without the id. */
export interface Resolved {
  query: string | undefined;
  extensions: Record<string, unknown> | undefined;
  /** Set in audit mode when enforce would have refused: why. */
  wouldRefuse?: string;
}

const HASH = /^[0-9a-f]{64}$/;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Private: the id an operation names, if any, and its extensions without Apollo's persistedQuery.
function idOf(request: PersistableRequest): { id: string | null; extensions: Record<string, unknown> | undefined } {
  const extensions = request.extensions && typeof request.extensions === 'object' ? { ...(request.extensions as Record<string, unknown>) } : undefined;
  const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  if (extensions) delete extensions.persistedQuery;
  const named = typeof request.documentId === 'string' ? request.documentId.replace(/^sha256:/, '') : persisted && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
  return { id: named, extensions };
}

const refusal = (code: 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_NOT_IN_LIST', message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * Decides what runs: the listed document an id names, a text on the list, or (audit) any
 * text, noting why enforce would refuse it. Returns the refusal otherwise. Pure.
 */
export function resolveDocument(list: ReadonlyMap<string, string>, mode: TrustedDocumentsMode, request: PersistableRequest): Resolved | GraphQLError {
  const { id, extensions } = idOf(request);
  const text = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
  if (id !== null) {
    const listed = list.get(id);
    if (listed !== undefined) return { query: listed, extensions };
    if (text === undefined) {
      return refusal(
        'PERSISTED_QUERY_NOT_FOUND',
        `No trusted document has the id "${id.slice(0, 80)}". Regenerate the client's documents and the server's manifest together (TRUSTED_DOCUMENTS), or send the document's text.`,
      );
    }
  }
  if (text === undefined || list.has(sha256(text))) return { query: text, extensions };
  const why = id === null ? 'sent as text, not by id, and not on the list' : `id "${id.slice(0, 80)}" and text not on the list`;
  if (mode === 'audit') return { query: text, extensions, wouldRefuse: why };
  return refusal(
    'PERSISTED_QUERY_NOT_IN_LIST',
    "This server runs only its app's trusted documents: send the operation by its `documentId` (the hash GraphQL Code Generator's persisted documents give it); this document is not on the list.",
  );
}

export class TrustedDocuments {
  constructor(
    private readonly list: ReadonlyMap<string, string>,
    readonly mode: TrustedDocumentsMode,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.list.size;
  }

  /** resolveDocument, logging in audit mode what enforce would refuse (with where it came from). */
  resolve(request: PersistableRequest, where: { transport: 'http' | 'websocket'; requestId: string }): Resolved | GraphQLError {
    const resolved = resolveDocument(this.list, this.mode, request);
    if (!(resolved instanceof GraphQLError) && resolved.wouldRefuse) {
      this.log.warn(
        { ...where, operationName: typeof request.operationName === 'string' ? request.operationName : null, documentHash: sha256(resolved.query!), reason: resolved.wouldRefuse },
        'trusted documents (audit): ran a document that enforce mode would refuse',
      );
    }
    return resolved;
  }
}

/** Reads the manifest once at start-up; a missing or malformed file is a ConfigError saying what to fix. */
export function loadTrustedDocuments(settings: TrustedDocumentsSettings | null, log: Logger): TrustedDocuments | null {
  if (!settings) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(settings.manifestPath, 'utf8'));
  } catch (error) {
    throw new ConfigError(`TRUSTED_DOCUMENTS names ${settings.manifestPath}, which could not be read as JSON (${(error as Error).message}); point it at the persisted-documents.json your client's code generator wrote`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`TRUSTED_DOCUMENTS (${settings.manifestPath}) must hold one JSON object of {"<sha256 hash>": "<document>"}`);
  }
  const list = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    // A hash that is not the document's would let the list say one thing and run another.
    if (!HASH.test(hash) || typeof document !== 'string' || sha256(document) !== hash) {
      throw new ConfigError(`TRUSTED_DOCUMENTS (${settings.manifestPath}): "${hash.slice(0, 80)}" is not the sha256 of its document; generate the manifest with hashAlgorithm: sha256`);
    }
    list.set(hash, document);
  }
  log.info({ documents: list.size, mode: settings.mode }, 'trusted documents: only these run');
  return new TrustedDocuments(list, settings.mode, log);
}
