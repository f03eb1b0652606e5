import { describe, expect, it } from 'vitest';
import { NotificationKind } from '../../src/graph/notification-kinds.js';
import { excerptOf, groupKeyOf, planNotifications, type EventFacts, type GroupFacts, type NotificationEvent } from '../../src/graph/notification-plan.js';
import { DEFAULT_NOTIFICATION_POLICY, NotificationPolicyAction, type NotificationPolicy, type Sender } from '../../src/privacy/notification-policy.js';

const { FILTER, DROP } = NotificationPolicyAction;
const NOW = Date.UTC(2026, 5, 1);
const YEAR_AGO = new Date(NOW - 365 * 86_400_000);
const everything = (action: NotificationPolicyAction): NotificationPolicy => ({ strangers: action, unverified: action, newAccounts: action });

const stranger: Sender = { connected: false, blocked: false, verified: true, createdAt: YEAR_AGO };
const facts = (overrides: Partial<EventFacts> = {}): EventFacts => ({ policy: DEFAULT_NOTIFICATION_POLICY, sender: stranger, groups: [], ...overrides });

const request = (actorId = 'li', recipientId = 'me'): NotificationEvent => ({
  kind: NotificationKind.CONNECTION_REQUEST_RECEIVED,
  recipientId,
  actorId,
  message: 'Tea some time?',
});
const reaction = (actorId: string, postId = 'p1'): NotificationEvent => ({ kind: NotificationKind.REACTIONS_TO_POST, recipientId: 'me', actorId, postId });
const group = (overrides: Partial<GroupFacts> = {}): GroupFacts => ({ id: 'g1', filtered: false, read: false, hasActor: false, ...overrides });

/** Ids in order of making: n1, n2, … */
const ids = () => {
  let n = 0;
  return () => `n${++n}`;
};
const plan = (events: NotificationEvent[], all: EventFacts[]) => planNotifications(events, all, NOW, ids());

describe('planNotifications: who may cause what', () => {
  it('a person shown by the policy makes an unread notification in the main list, with its details', () => {
    expect(plan([request()], [facts()])).toEqual([
      {
        op: 'create',
        id: 'n1',
        recipientId: 'me',
        kind: NotificationKind.CONNECTION_REQUEST_RECEIVED,
        filtered: false,
        groupKey: null,
        actorIds: ['li'],
        unreadDelta: 1,
        details: { circleId: undefined, postId: undefined, postExcerpt: undefined, reason: undefined, role: undefined, score: undefined, message: 'Tea some time?' },
      },
    ]);
  });

  it('a filtered person goes to the filtered list (and its own unread count)', () => {
    const [write] = plan([request()], [facts({ policy: everything(FILTER) })]);
    expect(write).toMatchObject({ op: 'create', filtered: true, unreadDelta: 1 });
  });

  it.each([
    ['the policy drops them', request(), facts({ policy: everything(DROP) })],
    ['a block between the two', request(), facts({ sender: { ...stranger, blocked: true } })],
    ['their account is gone', request(), facts({ sender: null })],
    ['they would notify themselves', request('me', 'me'), facts()],
  ])('nothing is written when %s', (_, event, fact) => {
    expect(plan([event], [fact])).toEqual([]);
  });

  it.each([
    ['moderation (the circle acts)', { kind: NotificationKind.BANNED_FROM_CIRCLE, recipientId: 'me', actorId: null, circleId: 'tea', reason: 'spam' }],
    ['a service', { kind: NotificationKind.CREDIT_SCORE_RECORDED, recipientId: 'me', actorId: null, score: 720 }],
  ])('%s is never filtered or dropped, and has no actor', (_, event) => {
    const [write] = plan([event as NotificationEvent], [facts({ policy: everything(DROP), sender: null })]);
    expect(write).toMatchObject({ op: 'create', filtered: false, actorIds: [], unreadDelta: 1 });
  });

  it('kinds that do not aggregate make one notification each, even from one person', () => {
    const writes = plan([request('li'), request('li')], [facts(), facts()]);
    expect(writes.map((w) => [w.op, w.id, w.actorIds])).toEqual([
      ['create', 'n1', ['li']],
      ['create', 'n2', ['li']],
    ]);
  });
});

describe('planNotifications: aggregation (one notification per post that gains actors)', () => {
  it('the first reaction to a post starts its group', () => {
    expect(plan([reaction('li')], [facts()])).toMatchObject([{ op: 'create', id: 'n1', groupKey: 'REACTIONS_TO_POST:p1', actorIds: ['li'], unreadDelta: 1 }]);
  });

  it('a new actor joins an unread group: it moves up, the unread count stays', () => {
    expect(plan([reaction('wang')], [facts({ groups: [group()] })])).toMatchObject([{ op: 'join', id: 'g1', actorIds: ['wang'], unreadDelta: 0 }]);
  });

  it('a new actor reopens a read group: unread again, counted again', () => {
    expect(plan([reaction('wang')], [facts({ groups: [group({ read: true })] })])).toMatchObject([{ op: 'join', id: 'g1', actorIds: ['wang'], unreadDelta: 1 }]);
  });

  it('an actor already in the group changes nothing (reacting, taking it back and reacting again is not news)', () => {
    expect(plan([reaction('li')], [facts({ groups: [group({ read: true, hasActor: true })] })])).toEqual([]);
  });

  it('several reactions to one post in one batch make one write, each actor once, the latest last', () => {
    const writes = plan([reaction('li'), reaction('wang'), reaction('li'), reaction('zhao')], [facts(), facts(), facts(), facts()]);
    expect(writes).toMatchObject([{ op: 'create', id: 'n1', actorIds: ['li', 'wang', 'zhao'], unreadDelta: 1 }]);
    expect(writes).toHaveLength(1);
  });

  it('several new actors joining a read group in one batch reopen it once', () => {
    const existing = facts({ groups: [group({ read: true })] });
    expect(plan([reaction('wang'), reaction('zhao')], [existing, existing])).toMatchObject([{ op: 'join', id: 'g1', actorIds: ['wang', 'zhao'], unreadDelta: 1 }]);
  });

  it('in a batch, an actor the existing group already has is not added again', () => {
    const writes = plan([reaction('wang'), reaction('li')], [facts({ groups: [group()] }), facts({ groups: [group({ hasActor: true })] })]);
    expect(writes).toMatchObject([{ op: 'join', actorIds: ['wang'] }]);
  });

  it('the lists keep their own groups: a filtered actor does not join the main one', () => {
    const newcomer = { ...stranger, createdAt: new Date(NOW - 86_400_000) };
    const writes = plan([reaction('li'), reaction('new_one')], [facts({ groups: [group()] }), facts({ sender: newcomer, groups: [group()] })]);
    expect(writes).toMatchObject([
      { op: 'join', id: 'g1', filtered: false, actorIds: ['li'] },
      { op: 'create', id: 'n1', filtered: true, actorIds: ['new_one'], unreadDelta: 1 },
    ]);
  });

  it('different posts make different groups', () => {
    const writes = plan([reaction('li', 'p1'), reaction('li', 'p2')], [facts(), facts()]);
    expect(writes.map((w) => w.groupKey)).toEqual(['REACTIONS_TO_POST:p1', 'REACTIONS_TO_POST:p2']);
  });
});

describe('groupKeyOf', () => {
  it('is the kind and the post for aggregating kinds, null for the rest', () => {
    expect(groupKeyOf({ kind: NotificationKind.REACTIONS_TO_POST, postId: 'p9' })).toBe('REACTIONS_TO_POST:p9');
    expect(groupKeyOf({ kind: NotificationKind.COMMENT_ON_POST, postId: 'p9' })).toBeNull();
  });
});

describe('excerptOf', () => {
  it('keeps a short text whole, and cuts a long one at 100 characters, never inside one', () => {
    expect(excerptOf('Longjing, first flush.')).toBe('Longjing, first flush.');
    expect(excerptOf('茶'.repeat(100))).toBe('茶'.repeat(100));
    expect(excerptOf('茶'.repeat(101))).toBe(`${'茶'.repeat(99)}…`);
    expect([...excerptOf('🍵'.repeat(150))]).toHaveLength(100);
  });
});
