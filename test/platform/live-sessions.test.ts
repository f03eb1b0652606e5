/**
 * Live connections across token renewal, on a server whose access tokens live 3 seconds
 * (JWT_TTL_SECONDS=3): a subscription renewed in-band (renewLiveConnection) outlives several
 * token lifetimes with no event lost; without renewal the socket closes with 4403 and a
 * reason that says TOKEN_EXPIRED, also on a reconnect with the same token; the README's
 * client pattern (connectionParams as a function) reconnects with a fresh token; and
 * ending a session (logOut, changePassword) closes its connections at once.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ChangePasswordDocument,
  LogInDocument,
  LogOutDocument,
  RefreshSessionDocument,
  RenewLiveConnectionDocument,
  WatchPostAddedDocument,
} from '../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../helpers/circles.js';
import { ok } from '../helpers/client.js';
import { PASSWORD, signUp, type Person } from '../helpers/people.js';
import { serverForTests } from '../helpers/server.js';
import { nextReal, socketsPerTest, subscribe, untilPostsLive, type LiveSubscription } from '../helpers/subscriptions.js';
import { sleep, tag } from '../helpers/util.js';

const TTL_SECONDS = 3;
const test = serverForTests({ JWT_TTL_SECONDS: String(TTL_SECONDS) });
const sockets = socketsPerTest();

/** Renews a person's session over HTTP: their token and refresh token move on. */
async function refreshed(person: Person): Promise<Person> {
  const renewed = (await ok(test.client.request(RefreshSessionDocument, { refreshToken: person.refreshToken }))).refreshSession;
  person.token = renewed.token;
  person.refreshToken = renewed.refreshToken;
  return person;
}

/** One query or mutation over an open graphql-ws connection. */
async function runOn<TData, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<FormattedExecutionResult<TData>> {
  const results = client.iterate<TData>({ query: print(document), variables });
  const { value } = await results.next();
  await results.return?.();
  return value as FormattedExecutionResult<TData>;
}

interface Closed {
  code: number;
  reason: string;
}

/** A graphql-ws client that records every close; `params` gives the connection_init payload. */
function liveClient(params: () => Promise<Record<string, unknown>> | Record<string, unknown>, options: Partial<Parameters<typeof createClient>[0]> = {}) {
  const closes: Closed[] = [];
  const client = createClient({
    url: test.server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: params,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => void closes.push({ code: (event as Closed).code, reason: String((event as Closed).reason) }) },
    ...options,
  });
  return { client: sockets.keep(client), closes };
}

async function untilClosed(closes: Closed[], timeoutMs: number): Promise<Closed> {
  const deadline = Date.now() + timeoutMs;
  while (closes.length === 0 && Date.now() < deadline) await sleep(50);
  expect(closes.length, 'the connection should have closed').toBeGreaterThan(0);
  return closes[0]!;
}

let owner: Person;
let slug: string;
beforeAll(async () => {
  owner = await signUp(test.client, 'liveowner');
  slug = await foundCircle(test, owner, 'livesessions');
});

/** A subscription to the circle's posts over `client` (a member's), warmed up. */
async function watching(client: Client): Promise<LiveSubscription<{ postAdded: { body: string } }>> {
  const sub = subscribe(client, WatchPostAddedDocument, { circleSlug: slug });
  await untilPostsLive(test, [sub], await refreshed(owner), slug);
  return sub;
}

let opened: Array<LiveSubscription<unknown>> = [];
afterEach(() => {
  opened.forEach((sub) => sub.close());
  opened = [];
});

describe('a connection renewed in-band (renewLiveConnection)', () => {
  it(`keeps delivering for over three token lifetimes (${TTL_SECONDS} s each), with no event lost or closed socket`, async () => {
    const member = await signUp(test.client, 'livemember');
    await joinCircle(test, member, slug);
    const { client, closes } = liveClient(() => ({ authorization: `Bearer ${member.token}` }));
    const sub = subscribe(client, WatchPostAddedDocument, { circleSlug: slug });
    opened.push(sub);
    // Renewal runs on its own from the start, so a slow warm-up or write (a loaded machine)
    // cannot let the token run out between renewals.
    let renewing = true;
    const renewals = (async () => {
      while (renewing) {
        await sleep(500);
        await refreshed(member);
        const renewal = await runOn(client, RenewLiveConnectionDocument, { token: member.token });
        expect(renewal.errors, JSON.stringify(renewal.errors)).toBeUndefined();
        expect(new Date(renewal.data!.renewLiveConnection).getTime()).toBeGreaterThan(Date.now());
      }
    })();
    await untilPostsLive(test, [sub], await refreshed(owner), slug);

    const sent: string[] = [];
    const started = Date.now();
    for (let i = 0; Date.now() - started < TTL_SECONDS * 3.5 * 1000; i++) {
      const body = `no gap ${i} ${tag()}`;
      sent.push(body);
      await writePost(test, await refreshed(owner), slug, body);
      await sleep(150);
    }
    renewing = false;
    await renewals;

    const received: string[] = [];
    while (received.length < sent.length) received.push((await nextReal(sub)).postAdded.body);
    expect(received).toEqual(sent);
    expect(sent.length).toBeGreaterThan(10);
    expect(closes).toEqual([]);
  });

  it("refuses another person's token (FORBIDDEN) and a malformed one (UNAUTHENTICATED), and the connection goes on", async () => {
    const member = await signUp(test.client, 'liveother');
    await joinCircle(test, member, slug);
    const stranger = await signUp(test.client, 'livestranger');
    const { client, closes } = liveClient(() => ({ authorization: `Bearer ${member.token}` }));
    const sub = await watching(client);
    opened.push(sub);

    const theirs = await runOn(client, RenewLiveConnectionDocument, { token: stranger.token });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const garbage = await runOn(client, RenewLiveConnectionDocument, { token: 'not-a-token' });
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MALFORMED' });

    await writePost(test, await refreshed(owner), slug, 'still here');
    expect((await nextReal(sub)).postAdded.body).toBe('still here');
    expect(closes).toEqual([]);
  });
});

describe('a connection left to expire', () => {
  it('closes with 4403 "TOKEN_EXPIRED: …" when its token does, and a reconnect with the same token is told the same', async () => {
    const member = await signUp(test.client, 'liveexpiry');
    const staleToken = member.token;
    const { client, closes } = liveClient(() => ({ authorization: `Bearer ${staleToken}` }));
    const sub = subscribe(client, WatchPostAddedDocument, { circleSlug: slug });
    opened.push(sub);
    const closed = await untilClosed(closes, (TTL_SECONDS + 3) * 1000);
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/^TOKEN_EXPIRED: .*refresh/);

    const again = await sockets.runOnce(test, { authorization: `Bearer ${staleToken}` }, { query: '{ me { handle } }' });
    expect(again.closeCode).toBe(4403);
    expect(again.closeReason).toMatch(/^TOKEN_EXPIRED: /);
  });

  it('resumes by itself with the README pattern: connectionParams as a function, retrying on TOKEN_EXPIRED', async () => {
    const member = await signUp(test.client, 'livereadme');
    await joinCircle(test, member, slug);
    let reconnects = 0;
    const { client, closes } = liveClient(
      async () => ({ authorization: `Bearer ${(await refreshed(member)).token}` }),
      {
        retryAttempts: 5,
        retryWait: async () => void (await sleep(100)),
        shouldRetry: (event) => {
          const retry = String((event as Closed).reason ?? '').startsWith('TOKEN_EXPIRED');
          if (retry) reconnects += 1;
          return retry;
        },
      },
    );
    const sub = await watching(client);
    opened.push(sub);
    await untilClosed(closes, (TTL_SECONDS + 3) * 1000);
    expect(closes[0]!.reason).toMatch(/^TOKEN_EXPIRED: /);
    // The client reconnected with a fresh token and subscribed again: new posts arrive.
    await untilPostsLive(test, [sub], await refreshed(owner), slug);
    await writePost(test, await refreshed(owner), slug, 'after the reconnect');
    expect((await nextReal(sub)).postAdded.body).toBe('after the reconnect');
    expect(reconnects).toBeGreaterThanOrEqual(1);
  });
});

describe('ending a session', () => {
  it('logOut closes its connections at once with 4403 "TOKEN_REVOKED: …", and nothing more arrives', async () => {
    const member = await signUp(test.client, 'livelogout');
    await joinCircle(test, member, slug);
    const { client, closes } = liveClient(() => ({ authorization: `Bearer ${member.token}` }));
    const sub = await watching(client);
    opened.push(sub);

    const started = Date.now();
    expect((await ok(test.client.request(LogOutDocument, {}, { token: member.token }))).logOut).toBe(true);
    const closed = await untilClosed(closes, 2000);
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/^TOKEN_REVOKED: /);
    expect(Date.now() - started).toBeLessThan(2000);
    await writePost(test, await refreshed(owner), slug, 'after log-out');
    await expect(sub.next(500)).rejects.toThrow();
  });

  it("changePassword closes the other sessions' connections, not this session's", async () => {
    const member = await signUp(test.client, 'livepw');
    await joinCircle(test, member, slug);
    // Two sessions of one person: the sign-up's (renewed) and a second log-in's.
    const laptop = await refreshed({ ...member });
    const other = (await ok(test.client.request(LogInDocument, { input: { handle: member.handle, password: PASSWORD } }))).logIn;
    const mine = liveClient(() => ({ authorization: `Bearer ${laptop.token}` }));
    const theirs = liveClient(() => ({ authorization: `Bearer ${other.token}` }));
    const subs = [await watching(mine.client), await watching(theirs.client)];
    opened.push(...subs);

    await ok(test.client.request(ChangePasswordDocument, { currentPassword: PASSWORD, newPassword: 'another long passphrase' }, { token: laptop.token }));
    const closed = await untilClosed(theirs.closes, 2000);
    expect(closed.reason).toMatch(/^TOKEN_REVOKED: /);
    await writePost(test, await refreshed(owner), slug, 'after the change');
    expect((await nextReal(subs[0]!)).postAdded.body).toBe('after the change');
    expect(mine.closes).toEqual([]);
  });
});
