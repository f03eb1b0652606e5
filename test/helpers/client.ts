/** A small typed GraphQL-over-HTTP client, as a frontend would use with generated documents. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { expect } from 'vitest';

export interface Result<TData> {
  status: number;
  data: TData | null | undefined;
  errors: GraphQLFormattedError[] | undefined;
  extensions: { cypher?: { roundTrips: number } } & Record<string, unknown>;
  headers: Headers;
}

export class GraphQLClient {
  constructor(readonly url: string) {}

  async request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<Result<TData>> {
    return this.raw<TData>({ query: print(document), variables }, options);
  }

  /** Sends any JSON body: for hand-written documents and malformed requests. */
  async raw<TData = unknown>(
    body: unknown,
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<Result<TData>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // What Apollo Client sends: request errors then come with status 400 (as plain
        // JSON they come with 200: test/platform/graphql-over-http.test.ts).
        accept: 'application/graphql-response+json, application/json;q=0.9',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: { data?: TData | null; errors?: GraphQLFormattedError[]; extensions?: Record<string, unknown> } = {};
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`Not JSON (HTTP ${response.status}): ${text.slice(0, 300)}`);
    }
    return { status: response.status, data: json.data, errors: json.errors, extensions: json.extensions ?? {}, headers: response.headers };
  }
}

/** The codes of a result's errors, for assertions that read like the contract. */
export function errorCodes(result: { errors?: readonly GraphQLFormattedError[] }): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

/** The data of a request that must succeed: no errors. */
export async function ok<TData>(request: Promise<{ data: TData | null | undefined; errors?: unknown }>): Promise<TData> {
  const result = await request;
  expect(result.errors).toBeUndefined();
  return result.data!;
}
