/**
 * The notification policy through the public API: for every kind and each class of
 * sender (strangers, unverified people, accounts younger than a week), SHOW puts it in the
 * main list and its unread count, FILTER in the filtered list and its own count, DROP nowhere
 * (what caused it still happens). Connections, circles' moderation and services are never
 * filtered. The rule itself: test/unit/notification-policy.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ConnIncomingDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { ageAccount, badgeOf, CAUSES, choosePolicy, expectCountsMatchLists, ofKind, verify } from '../../helpers/notifications.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();

type Action = 'SHOW' | 'FILTER' | 'DROP';
type SenderClass = 'strangers' | 'unverified' | 'newAccounts';

/** A sender in `kind` of class and in no other class it can avoid (every sender who is not a connection is a stranger). */
async function senderOf(kind: SenderClass): Promise<Person> {
  const sender = await signUp(test.client, `np${kind.slice(0, 3)}`);
  if (kind !== 'newAccounts') await ageAccount(test.database, sender);
  if (kind !== 'unverified') await verify(test, sender);
  return sender;
}

/** A policy with `action` for `kind` and SHOW for the rest: the verdict is then that class's alone. */
const only = (kind: SenderClass, action: Action) => ({ strangers: 'SHOW', unverified: 'SHOW', newAccounts: 'SHOW', [kind]: action }) as const;

/** Where the recipient's notification of `kind` went, by list, with the two unread counts. */
async function placement(recipient: Person, kind: (typeof CAUSES)[number]['kind']) {
  const [main, filtered, badge] = await Promise.all([ofKind(test, recipient, kind), ofKind(test, recipient, kind, true), badgeOf(test, recipient)]);
  return { main: main.length, filtered: filtered.length, unread: badge.unread, unreadFiltered: badge.unreadFiltered };
}

const PLACED: Record<Action, { main: number; filtered: number; unread: number; unreadFiltered: number }> = {
  SHOW: { main: 1, filtered: 0, unread: 1, unreadFiltered: 0 },
  FILTER: { main: 0, filtered: 1, unread: 0, unreadFiltered: 1 },
  DROP: { main: 0, filtered: 0, unread: 0, unreadFiltered: 0 },
};

const CLASSES: SenderClass[] = ['strangers', 'unverified', 'newAccounts'];
const ACTIONS: Action[] = ['SHOW', 'FILTER', 'DROP'];
const cases = CLASSES.flatMap((kind) => ACTIONS.map((action) => [kind, action] as const));
const received = CAUSES.find((cause) => cause.kind === 'CONNECTION_REQUEST_RECEIVED')!;
const accepted = CAUSES.find((cause) => cause.kind === 'CONNECTION_REQUEST_ACCEPTED')!;

describe('CONNECTION_REQUEST_RECEIVED follows the policy for each class of sender', () => {
  it.each(cases)('from %s, chosen %s', async (kind, action) => {
    const [sender, me] = await Promise.all([senderOf(kind), signUp(test.client, 'npme')]);
    await choosePolicy(test, me, only(kind, action));
    await received.run(test, sender, me);
    expect(await placement(me, received.kind)).toEqual(PLACED[action]);
    // Dropped or not, the request itself is there to answer.
    const incoming = await ok(test.client.request(ConnIncomingDocument, {}, { token: me.token }));
    expect(incoming.incomingConnectionRequests.edges.map((e) => e.node.from.handle)).toEqual([sender.handle]);
    await expectCountsMatchLists(test, me);
  });

  it('a class the sender is not in does not count against them', async () => {
    const [sender, me] = await Promise.all([senderOf('strangers'), signUp(test.client, 'npme')]);
    await choosePolicy(test, me, { strangers: 'SHOW', unverified: 'DROP', newAccounts: 'DROP' });
    await received.run(test, sender, me);
    expect(await placement(me, received.kind)).toEqual(PLACED.SHOW);
  });

  it('by default, a new account goes to the filtered list and an established one is shown', async () => {
    const me = await signUp(test.client, 'npme');
    await received.run(test, await signUp(test.client, 'npnew'), me);
    expect(await placement(me, received.kind)).toMatchObject({ main: 0, filtered: 1 });
    await received.run(test, await senderOf('unverified'), me);
    expect(await placement(me, received.kind)).toMatchObject({ main: 1, filtered: 1 });
  });

  it('a change of policy applies from then on, not to what is already there', async () => {
    const me = await signUp(test.client, 'npme');
    await received.run(test, await senderOf('strangers'), me);
    await choosePolicy(test, me, { strangers: 'DROP' });
    await received.run(test, await senderOf('strangers'), me);
    expect(await placement(me, received.kind)).toEqual(PLACED.SHOW);
  });
});

describe('CONNECTION_REQUEST_ACCEPTED is never filtered: who accepted is by then a connection', () => {
  it.each(cases)('from %s, chosen %s: shown', async (kind, action) => {
    const [sender, me] = await Promise.all([senderOf(kind), signUp(test.client, 'npme')]);
    await choosePolicy(test, me, only(kind, action));
    await accepted.run(test, sender, me);
    expect(await placement(me, accepted.kind)).toEqual(PLACED.SHOW);
  });
});

describe("circles' moderation and services are never filtered or dropped", () => {
  it.each(CAUSES.filter((cause) => cause.source !== 'PERSON').flatMap((cause) => (['FILTER', 'DROP'] as const).map((action) => [cause.kind, action] as const)))(
    '%s, with every class %s, by a new, unverified stranger',
    async (kind, action) => {
      const cause = CAUSES.find((c) => c.kind === kind)!;
      const [moderator, me] = await Promise.all([signUp(test.client, 'npmod'), signUp(test.client, 'npme')]);
      await choosePolicy(test, me, { strangers: action, unverified: action, newAccounts: action });
      await cause.run(test, moderator, me);
      expect(await placement(me, kind)).toEqual(PLACED.SHOW);
      expect((await ofKind(test, me, kind))[0]!.actor).toBeNull();
    },
  );
});

describe('every other kind a person causes follows the policy', () => {
  // Each kind with each action, the class of sender taken in turn (the rule itself, every
  // class against every action: test/unit/notification-policy.test.ts).
  const personKinds = CAUSES.filter((cause) => cause.source === 'PERSON' && cause !== received && cause !== accepted);
  const perKind = personKinds.flatMap((cause, i) => ACTIONS.map((action) => [cause.kind, CLASSES[i % CLASSES.length]!, action] as const));

  it('covers every kind a person causes', () => {
    expect(personKinds.map((cause) => cause.kind).sort()).toEqual(['CIRCLE_INVITATION', 'COMMENT_ON_POST', 'MENTION', 'REACTIONS_TO_POST', 'REPLY_TO_COMMENT']);
  });

  it.each(perKind)('%s from %s, chosen %s', async (kind, senderClass, action) => {
    const cause = CAUSES.find((c) => c.kind === kind)!;
    const [sender, me] = await Promise.all([senderOf(senderClass), signUp(test.client, 'npme')]);
    await choosePolicy(test, me, only(senderClass, action));
    await cause.run(test, sender, me);
    expect(await placement(me, kind)).toEqual(PLACED[action]);
    await expectCountsMatchLists(test, me);
  });
});
