/** readOncePerEvent: a person's sockets on one instance share one read of each event. */
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/graphql/context.js';
import { readOncePerEvent } from '../../src/graphql/live.js';
import { NotificationKind } from '../../src/graph/notification-kinds.js';
import type { PersonEvent } from '../../src/live/events.js';

type Added = Extract<PersonEvent, { kind: 'NOTIFICATION' }>;
const event = (id: string): Added => ({ kind: 'NOTIFICATION', recipientId: 'me', notificationId: id, notificationKind: NotificationKind.MENTION, actorId: 'them' });
/** Only what the read needs: a database handle per read. */
const ctx = { app: { database: { forRequest: () => ({}) } } } as unknown as Context;

describe('readOncePerEvent', () => {
  it('reads an event once for every socket that loads it, and each new event again', async () => {
    const reads: string[] = [];
    const read = readOncePerEvent(async (_db, e: Added) => (reads.push(e.notificationId), { id: e.notificationId }));
    const first = event('n1');
    const loaded = await Promise.all([read(ctx, first), read(ctx, first), read(ctx, first)]);
    expect(loaded).toEqual([{ id: 'n1' }, { id: 'n1' }, { id: 'n1' }]);
    await read(ctx, event('n2'));
    // The same notification announced again (moved to the top) is a new event: read again, as stored then.
    await read(ctx, event('n1'));
    expect(reads).toEqual(['n1', 'n2', 'n1']);
  });

  it('keeps each call site to its own reads', async () => {
    const shared = event('n3');
    const one = readOncePerEvent(async () => 'one');
    const other = readOncePerEvent(async () => 'other');
    expect([await one(ctx, shared), await other(ctx, shared)]).toEqual(['one', 'other']);
  });
});
