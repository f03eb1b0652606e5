/**
 * Blocks and notifications, for every kind, through the public API. People with a
 * block between them cause each other nothing, whichever of the two blocked; a block takes
 * away what each had caused the other before (so to the blocked person the blocker is a
 * handle nobody has), with the unread counts; lifting it brings nothing back. Kinds without
 * an actor (moderation, acting for the circle; services) are neither dropped nor hidden by a
 * block, and never name the moderator. Aggregate kinds: aggregation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { BlocksBlockDocument, BlocksUnblockDocument, ConnRespondDocument, NotificationsMarkReadDocument } from '../../generated/graphql.js';
import { errorCodes, ok } from '../../helpers/client.js';
import { badgeOf, CAUSES, established, expectCountsMatchLists, notificationsOf, ofKind } from '../../helpers/notifications.js';
import { requestConnection, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

const block = (blocker: Person, blocked: Person) => ok(test.client.request(BlocksBlockDocument, { handle: blocked.handle }, { token: blocker.token }));
const unblock = (blocker: Person, blocked: Person) => ok(test.client.request(BlocksUnblockDocument, { handle: blocked.handle }, { token: blocker.token }));

/** The two people: an established actor (shown by the default policy) and a recipient. */
async function pair(): Promise<{ actor: Person; me: Person }> {
  return { actor: await established(test, 'nbact'), me: await signUp(test.client, 'nbme') };
}

const WHO_BLOCKS = [
  ['the recipient blocked the actor', (actor: Person, me: Person) => block(me, actor)],
  ['the actor blocked the recipient', (actor: Person, me: Person) => block(actor, me)],
] as const;

const person = CAUSES.filter((cause) => cause.source === 'PERSON');
const withoutActor = CAUSES.filter((cause) => cause.source !== 'PERSON');

/** Every notification the person has, in both lists. */
const everything = async (me: Person) => [...(await notificationsOf(test, me)), ...(await notificationsOf(test, me, { filtered: true }))];

describe('blocked people cause nothing', () => {
  it.each(WHO_BLOCKS)('CONNECTION_REQUEST_RECEIVED, when %s: the request is refused and nothing is stored', async (_, blocks) => {
    const { actor, me } = await pair();
    await blocks(actor, me);
    const sent = await requestConnection(test.client, actor, me, 'Let me in');
    expect(errorCodes(sent)).toHaveLength(1);
    expect(await everything(me)).toEqual([]);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 0, unreadFiltered: 0 });
  });

  it.each(WHO_BLOCKS)('CONNECTION_REQUEST_ACCEPTED, when %s: nothing is left to accept, and nothing is stored', async (_, blocks) => {
    const { actor, me } = await pair();
    await ok(requestConnection(test.client, me, actor, 'Tea?'));
    await blocks(actor, me);
    const answered = await test.client.request(ConnRespondDocument, { fromHandle: me.handle, accept: true }, { token: actor.token });
    expect(errorCodes(answered)).toEqual(['NOT_FOUND']);
    expect(await everything(me)).toEqual([]);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 0, unreadFiltered: 0 });
  });
});

describe('a block takes away what the two caused each other before, and lifting it brings nothing back', () => {
  for (const cause of person) {
    it.each(WHO_BLOCKS)(`${cause.kind}, when %s`, async (_, blocks) => {
      const { actor, me } = await pair();
      const bystander = await established(test, 'nbby');
      await cause.run(test, actor, me);
      await cause.run(test, bystander, me);
      expect(await ofKind(test, me, cause.kind)).toHaveLength(2);
      expect(await badgeOf(test, me)).toMatchObject({ unread: 2 });

      await blocks(actor, me);
      const left = await everything(me);
      expect(left.map((n) => n.actor?.handle)).toEqual([bystander.handle]);
      expect(await badgeOf(test, me)).toMatchObject({ unread: 1 });
      // Nor does the actor keep anything the recipient caused them (the accepted request's own notification, say).
      expect((await everything(actor)).filter((n) => n.actor?.id === me.id)).toEqual([]);
      await expectCountsMatchLists(test, me);

      await (blocks === WHO_BLOCKS[0][1] ? unblock(me, actor) : unblock(actor, me));
      expect((await everything(me)).map((n) => n.actor?.handle)).toEqual([bystander.handle]);
    });
  }

  it('a read notification goes too, and the unread count is left as it was', async () => {
    const { actor, me } = await pair();
    const bystander = await established(test, 'nbby');
    await ok(requestConnection(test.client, actor, me, 'First'));
    await ok(test.client.request(NotificationsMarkReadDocument, {}, { token: me.token }));
    await ok(requestConnection(test.client, bystander, me, 'Second'));
    await block(me, actor);
    expect((await notificationsOf(test, me)).map((n) => n.message)).toEqual(['Second']);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 1 });
  });

  it('a filtered notification goes too, with the filtered count', async () => {
    const [newcomer, me] = await Promise.all([signUp(test.client, 'nbnew'), signUp(test.client, 'nbme')]);
    await ok(requestConnection(test.client, newcomer, me, 'From a new account'));
    expect(await badgeOf(test, me)).toMatchObject({ unreadFiltered: 1 });
    await block(newcomer, me);
    expect(await everything(me)).toEqual([]);
    expect(await badgeOf(test, me)).toMatchObject({ unread: 0, unreadFiltered: 0 });
  });
});

describe('kinds without an actor are neither dropped nor hidden by a block, and never name the moderator', () => {
  for (const cause of withoutActor) {
    it.each(WHO_BLOCKS)(`${cause.kind}, when %s after it, and again with the block in place`, async (_, blocks) => {
      const { actor, me } = await pair();
      await cause.run(test, actor, me);
      await blocks(actor, me);
      expect(await ofKind(test, me, cause.kind)).toMatchObject([{ actor: null }]);
      expect(await badgeOf(test, me)).toMatchObject({ unread: 1 });
      // Moderators act past blocks, and services know none: the next one comes as well (a name is verified once).
      await cause.run(test, actor, me);
      const notes = await ofKind(test, me, cause.kind);
      expect(notes).toHaveLength(cause.kind === 'REAL_NAME_VERIFIED' ? 1 : 2);
      expect(notes.every((n) => n.actor === null)).toBe(true);
      await expectCountsMatchLists(test, me);
    });
  }
});
