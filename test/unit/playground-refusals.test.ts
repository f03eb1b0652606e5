/** What the playground shows for a subscription that cannot run (src/playground/client/refusals.ts). */
import { describe, expect, it } from 'vitest';
import { failureResult, missingAuthorization, shouldRetry } from '../../src/playground/client/refusals.js';

const URL = 'ws://localhost:4000/graphql';
/** A close event as browsers and graphql-ws hand it over. */
const close = (code: number, reason: string) => ({ code, reason, wasClean: true, type: 'close' });
const only = (result: { errors: readonly { message: string; extensions?: Record<string, unknown> }[] }) => {
  expect(result.errors).toHaveLength(1);
  return result.errors[0]!;
};

describe('shouldRetry (graphql-ws retries only what a reconnect may fix)', () => {
  it.each([4403, 4408, 4429])('never retries a %i close', (code) => {
    expect(shouldRetry(close(code, 'x'))).toBe(false);
  });

  it.each([1001, 1006, 1011, 1012])('retries a %i close (the server restarting, a dropped network)', (code) => {
    expect(shouldRetry(close(code, ''))).toBe(true);
  });

  it('does not retry what is not a close (the Event of an unreachable server, an Error)', () => {
    expect(shouldRetry({ isTrusted: true, type: 'error' })).toBe(false);
    expect(shouldRetry(new Error('boom'))).toBe(false);
  });
});

describe('failureResult for a 4403 close', () => {
  it.each([
    ['TOKEN_MISSING', 'No token was sent in connection_init.', /logIn or signUp in this page/],
    ['TOKEN_MALFORMED', 'That is not a Quanzi access token.', /Bearer <token>/],
    ['TOKEN_EXPIRED', 'Your access token expired; refresh the session and reconnect.', /refreshSession/],
    ['TOKEN_REVOKED', 'This token was revoked.', /logIn again/],
    ['ACCOUNT_CLOSED', 'This account is closed.', /another account/],
  ])('%s: the server sentence, then what to do in this page', (reason, sentence, advice) => {
    const error = only(failureResult(close(4403, `${reason}: ${sentence}`), URL));
    expect(error.message.startsWith(`${sentence} (`)).toBe(true);
    expect(error.message).toMatch(advice);
    expect(error.message).toMatch(/\)$/);
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason, closeCode: 4403 });
  });

  it('keeps an unknown REASON, with the general advice', () => {
    const error = only(failureResult(close(4403, 'TOKEN_FROM_THE_FUTURE: Something new.'), URL));
    expect(error.message).toMatch(/^Something new\. \(Run logIn in this page/);
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_FROM_THE_FUTURE', closeCode: 4403 });
  });

  it.each(['Forbidden', ''])('explains a reason without a REASON word (%j, as servers before the reasons send)', (reason) => {
    const error = only(failureResult(close(4403, reason), URL));
    expect(error.message).toMatch(/refused the subscription's connection \(4403/);
    expect(error.message).toMatch(/missing, malformed, expired or revoked/);
    expect(error.message).toMatch(/Run logIn in this page/);
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', closeCode: 4403, closeReason: reason });
  });
});

describe('failureResult for other closes and failures', () => {
  it('4408: the page started too late; run it again', () => {
    const error = only(failureResult(close(4408, 'Connection initialisation timeout'), URL));
    expect(error.message).toMatch(/did not start it in time \(4408\).*Run the subscription again/);
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', closeCode: 4408 });
  });

  it("4429: too many connections, with the server's reason", () => {
    const error = only(failureResult(close(4429, 'At most 10 connections per person'), URL));
    expect(error.message).toMatch(/too many open connections \(4429: At most 10 connections per person\)/);
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', closeCode: 4429 });
  });

  it('1001: the server is going away', () => {
    const error = only(failureResult(close(1001, 'Server shutting down'), URL));
    expect(error.message).toMatch(/shutting down or restarting/);
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', closeCode: 1001 });
  });

  it('any other close names its code and reason', () => {
    const error = only(failureResult(close(4400, 'Invalid message received'), URL));
    expect(error.message).toMatch(/closed \(4400: Invalid message received\)/);
    expect(error.extensions).toEqual({ closeCode: 4400, closeReason: 'Invalid message received' });
  });

  it('the bare Event of an unreachable server becomes a sentence naming the URL, never {"isTrusted":true}', () => {
    const result = failureResult({ isTrusted: true, type: 'error' }, URL);
    expect(only(result).message).toMatch(/^Could not reach the server at ws:\/\/localhost:4000\/graphql\. \(Is it running/);
    expect(only(result).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(result)).not.toContain('isTrusted');
  });

  it("passes the server's GraphQL errors for the operation through as they are", () => {
    const errors = [{ message: 'Cannot query field "nope" on type "Subscription".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }];
    expect(failureResult(errors, URL)).toEqual({ errors });
  });

  it("shows an Error's message", () => {
    expect(only(failureResult(new Error('First message cannot be of type next'), URL)).message).toBe(
      'The subscription failed: First message cannot be of type next',
    );
  });
});

describe('missingAuthorization (checked before connecting)', () => {
  it.each([
    ['no headers at all', undefined, /has no Authorization header/],
    ['other headers only', { 'X-Trace': '1' }, /has no Authorization header/],
    ['an empty value', { Authorization: ' ' }, /holds no token yet/],
    ['the placeholder', { Authorization: 'Bearer <run logIn or signUp: the token fills in here>' }, /holds no token yet/],
    ['a value that is not text', { authorization: 42 }, /holds no token yet/],
  ])('refuses %s, saying to log in or paste the token', (_, headers, what) => {
    const error = only(missingAuthorization(headers)!);
    expect(error.message).toMatch(what);
    expect(error.message).toMatch(/so the subscription was not sent/);
    expect(error.message).toMatch(/Run logIn or signUp in this page: the Headers tab fills itself/);
    expect(error.message).toContain('paste {"Authorization": "Bearer <token>"}');
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
  });

  it.each([
    ['Authorization', 'Bearer eyJ.a.b'],
    ['authorization', 'Bearer eyJ.a.b'],
    ['AUTHORIZATION', 'Bearer eyJ.a.b'],
    // Not for the page to judge: the server says what is wrong with it.
    ['Authorization', 'nonsense'],
  ])('lets %s: %j through to the server', (name, value) => {
    expect(missingAuthorization({ [name]: value })).toBeNull();
  });
});
