/** Which document runs under TRUSTED_DOCUMENTS (src/http/trusted-documents.ts), without a server. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { loadTrustedDocuments, resolveDocument, sha256 } from '../../src/http/trusted-documents.js';

const ME = 'query Me { me { id } }';
const LIST = new Map([[sha256(ME), ME]]);
const codeOf = (value: unknown) => (value instanceof GraphQLError ? value.extensions.code : 'ran');

describe('resolveDocument', () => {
  it('runs the listed document an id names, and takes the id out of the extensions it passes on', () => {
    for (const mode of ['enforce', 'audit'] as const) {
      expect(resolveDocument(LIST, mode, { documentId: sha256(ME) })).toEqual({ query: ME, extensions: undefined });
      expect(resolveDocument(LIST, mode, { documentId: `sha256:${sha256(ME)}` })).toEqual({ query: ME, extensions: undefined });
      expect(resolveDocument(LIST, mode, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(ME) }, trace: true } })).toEqual({
        query: ME,
        extensions: { trace: true },
      });
    }
  });

  it('runs a listed text as it is; refuses any other text in enforce, runs it in audit saying why', () => {
    expect(resolveDocument(LIST, 'enforce', { query: ME })).toEqual({ query: ME, extensions: undefined });
    expect(codeOf(resolveDocument(LIST, 'enforce', { query: `${ME} ` }))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(resolveDocument(LIST, 'audit', { query: '{ __typename }' })).toMatchObject({ query: '{ __typename }', wouldRefuse: expect.stringContaining('not by id') });
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND in both modes, unless text comes with it, which is judged as text', () => {
    for (const mode of ['enforce', 'audit'] as const) expect(codeOf(resolveDocument(LIST, mode, { documentId: 'f'.repeat(64) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codeOf(resolveDocument(LIST, 'enforce', { documentId: 'f'.repeat(64), query: '{ __typename }' }))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(resolveDocument(LIST, 'enforce', { documentId: 'f'.repeat(64), query: ME })).toEqual({ query: ME, extensions: undefined });
  });

  it('leaves a request with neither id nor text to the usual error', () => {
    expect(resolveDocument(LIST, 'enforce', {})).toEqual({ query: undefined, extensions: undefined });
  });
});

describe('loadTrustedDocuments', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'trusted-'));
  const log = pino({ level: 'silent' });
  const manifest = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return { manifestPath: file, mode: 'enforce' as const };
  };

  it('reads a codegen manifest of sha256 hashes', () => {
    expect(loadTrustedDocuments(manifest('ok.json', JSON.stringify({ [sha256(ME)]: ME })), log)?.size).toBe(1);
    expect(loadTrustedDocuments(null, log)).toBeNull();
  });

  it('refuses, as a configuration error saying what to fix, a missing file, bad JSON, and a hash that is not its document’s', () => {
    for (const settings of [
      { manifestPath: path.join(dir, 'missing.json'), mode: 'enforce' as const },
      manifest('bad.json', '{'),
      manifest('array.json', '[]'),
      manifest('sha1.json', JSON.stringify({ abc: ME })),
      manifest('lie.json', JSON.stringify({ [sha256('query Other { me { id } }')]: ME })),
    ]) {
      expect(() => loadTrustedDocuments(settings, log), settings.manifestPath).toThrow(ConfigError);
    }
  });
});
