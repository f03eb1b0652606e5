/**
 * Every mutation's fuzz spec, by the feature whose fuzz test runs them
 * (features/<feature>/<feature>.fuzz.test.ts); platform/fuzz-mutations.test.ts checks that
 * together they cover every mutation of the schema, with its arguments.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { normaliseHandle } from '../../../src/shared/validate.js';
import { PASSWORD } from '../people.js';
import { boolArg, commentIdArg, dateArg, enumArg, floatArg, foldsOf, handleArg, idArg, inputObject, intArg, mostlyComplete, passwordArg, secretArg, slugArg, slugList, textArg } from './arbitraries.js';
import type { Spec, Vars } from './mutations.js';
import { HANDLE, SLUG, type Probe, type World } from './world.js';

const USER = 'id handle realName bio verified';
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
export const nfcTrim = (v: string) => v.normalize('NFC').trim();
const handleOf = (world: World, v: unknown) => {
  const s = str(v);
  return s === undefined ? undefined : world.people.find((p) => p.handle === normaliseHandle(s));
};
const handleProbe = (...values: unknown[]): Probe => ({
  handles: values.flatMap((v) => (typeof v === 'string' && v.length <= 1000 ? [v, v.toLowerCase(), normaliseHandle(v), v.normalize('NFC').trim()] : [])),
});

const auth: Spec[] = [
  {
    name: 'signUp',
    as: 'anonymous',
    args: [['input', 'SignUpInput!']],
    select: 'token user { id handle realName }',
    gen: (w, p) => fc.record({ input: mostlyComplete({ handle: handleArg(w, p), realName: textArg(p), password: passwordArg(p) }, ['handle', 'realName', 'password']) }),
    probe: (v) => handleProbe((v.input as Vars | undefined)?.handle),
    oracle: (v, data) => {
      const input = v.input as Vars;
      expect(data.signUp.user.handle).toBe(normaliseHandle(input.handle as string));
      expect(data.signUp.user.handle).toMatch(HANDLE);
      expect(data.signUp.user.realName).toBe(nfcTrim(input.realName as string));
      expect([...(input.password as string)].length).toBeGreaterThanOrEqual(10);
    },
  },
  {
    name: 'logIn',
    as: 'anonymous',
    args: [['input', 'LogInInput!']],
    select: 'token user { id handle }',
    gen: (w, p) => fc.record({ input: mostlyComplete({ handle: handleArg(w, p), password: passwordArg(p) }, ['handle', 'password']) }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.logIn.user.handle).toBe(normaliseHandle(input.handle as string));
      if (handleOf(w, input.handle)) expect((input.password as string).normalize('NFKC')).toBe(PASSWORD);
    },
    mustSucceed: (v, w) => {
      const input = v.input as Vars | undefined;
      const keys = Object.keys(input ?? {}).sort().join();
      return keys === 'handle,password' && Boolean(handleOf(w, input!.handle)) && str(input!.password)?.normalize('NFKC') === PASSWORD;
    },
  },
];

const users: Spec[] = [
  {
    name: 'updateProfile',
    as: 'owner',
    args: [['input', 'UpdateProfileInput!']],
    select: `${USER} scoreVisibility vouchVisibility`,
    gen: (_w, p) =>
      fc.record({
        input: inputObject({
          bio: fc.oneof(textArg(p), fc.constant(null)),
          realName: fc.oneof(textArg(p), fc.constant(null)),
          scoreVisibility: enumArg(['PUBLIC', 'BAND_ONLY', 'CONNECTIONS_ONLY', 'PRIVATE'], p),
          vouchVisibility: enumArg(['PUBLIC', 'CONNECTIONS_ONLY', 'PRIVATE'], p),
        }),
      }),
    oracle: (v, data) => {
      const input = v.input as Vars;
      if (typeof input.bio === 'string') expect(data.updateProfile.bio).toBe(nfcTrim(input.bio) === '' ? null : nfcTrim(input.bio));
      if (input.bio === null) expect(data.updateProfile.bio).toBeNull();
      if (typeof input.realName === 'string') expect(data.updateProfile.realName).toBe(nfcTrim(input.realName));
      // An accepted choice is the one stored (the owner reads their own). The oracle sees the
      // values as the server did, so an enum arrives as its name.
      if (typeof input.vouchVisibility === 'string') expect(data.updateProfile.vouchVisibility).toBe(input.vouchVisibility);
      if (typeof input.scoreVisibility === 'string') expect(data.updateProfile.scoreVisibility).toBe(input.scoreVisibility);
    },
  },
  {
    name: 'verifyRealName',
    as: 'verifier',
    args: [['handle', 'String!']],
    select: USER,
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
    oracle: (v, data) => {
      expect(data.verifyRealName.handle).toBe(normaliseHandle(v.handle as string));
      expect(data.verifyRealName.verified).toBe(true);
    },
  },
  {
    name: 'deleteMyAccount',
    as: 'doomed',
    args: [['password', 'String!']],
    gen: (_w, p) => fc.record({ password: passwordArg(p) }),
    // Passwords are compared in NFKC (src/auth/passwords.ts): nothing else may delete the account.
    oracle: (v) => expect(str(v.password)?.normalize('NFKC')).toBe(PASSWORD),
  },
  {
    name: 'refreshSession',
    as: 'anonymous',
    args: [['refreshToken', 'String!']],
    select: 'token sessionId user { id }',
    gen: (w, p) => fc.record({ refreshToken: secretArg(w.doomed.refreshToken, p) }),
    // A spent refresh token sent again ends its session (the OAuth 2.0 Security BCP's rule).
    refusalWrites: ['TOKEN_REUSED'],
    // Only the exact refresh token renews, and only its own session.
    oracle: (v, data, w) => {
      expect(v.refreshToken).toBe(w.doomed.refreshToken);
      expect(data.refreshSession).toMatchObject({ sessionId: w.doomed.sessionId, user: { id: w.doomed.id } });
    },
  },
  { name: 'logOut', as: 'doomed', args: [], gen: () => fc.record({}) },
  { name: 'logOutEverywhere', as: 'doomed', args: [], gen: () => fc.record({}), oracle: (_v, data) => expect(data.logOutEverywhere).toBeGreaterThanOrEqual(0) },
  {
    name: 'endSession',
    as: 'doomed',
    args: [['id', 'ID!']],
    gen: (w, p) => fc.record({ id: secretArg(w.doomed.sessionId, p) }),
    oracle: (v, _data, w) => expect(String(v.id)).toBe(w.doomed.sessionId),
  },
  {
    name: 'changePassword',
    as: 'doomed',
    args: [['currentPassword', 'String!'], ['newPassword', 'String!']],
    gen: (_w, p) => fc.record({ currentPassword: passwordArg(p), newPassword: fc.oneof(passwordArg(p), textArg(p)) }),
    oracle: (v) => {
      expect(str(v.currentPassword)?.normalize('NFKC')).toBe(PASSWORD);
      expect([...(v.newPassword as string)].length).toBeGreaterThanOrEqual(10);
    },
  },
  {
    name: 'renewLiveConnection',
    as: 'owner',
    args: [['token', 'String!']],
    gen: (w, p) => fc.record({ token: secretArg(w.owner.token, p) }),
    // Over HTTP there is no connection to renew.
    oracle: () => expect.fail('renewLiveConnection succeeded over HTTP'),
  },
  {
    name: 'suspendUser',
    as: 'safety',
    args: [['handle', 'String!'], ['reason', 'String!']],
    select: `${USER} suspended`,
    gen: (w, p) => fc.record({ handle: handleArg(w, p), reason: textArg(p) }),
    oracle: (v, data) => {
      expect(data.suspendUser.handle).toBe(normaliseHandle(v.handle as string));
      expect(data.suspendUser.suspended).toBe(true);
    },
  },
  {
    name: 'reinstateUser',
    as: 'safety',
    args: [['handle', 'String!']],
    select: `${USER} suspended`,
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
    oracle: (v, data) => {
      expect(data.reinstateUser.handle).toBe(normaliseHandle(v.handle as string));
      expect(data.reinstateUser.suspended).toBe(false);
    },
  },
];

const interests: Spec[] = [
  {
    name: 'setInterests',
    as: 'owner',
    args: [['slugs', '[String!]!']],
    select: `id interests { slug }`,
    gen: (w, p) => fc.record({ slugs: slugList(w, p) }),
    oracle: (v, data) => {
      const wanted = new Set((v.slugs as string[]).map((s) => s.normalize('NFKC').trim().toLowerCase()));
      expect(wanted.size).toBeLessThanOrEqual(30);
      for (const interest of data.setInterests.interests) expect(wanted.has(interest.slug)).toBe(true);
      expect(data.setInterests.interests.length).toBe(wanted.size);
    },
  },
];

const credit: Spec[] = [
  {
    name: 'recordCreditScore',
    as: 'bureau',
    args: [['handle', 'String!'], ['score', 'Int!'], ['source', 'String!'], ['observedAt', 'DateTime!']],
    select: 'id',
    gen: (w, p) =>
      fc.record({
        handle: handleArg(w, p),
        score: intArg(p),
        source: fc.oneof({ weight: 2, arbitrary: fc.constantFrom('FuzzBureau', 'Sesame Credit v2') }, { weight: 3, arbitrary: textArg(p) }),
        observedAt: dateArg(p),
      }),
    oracle: (v, data, w) => {
      expect(Number.isInteger(v.score)).toBe(true);
      expect(v.score as number).toBeGreaterThanOrEqual(350);
      expect(v.score as number).toBeLessThanOrEqual(950);
      if (typeof v.observedAt === 'string') expect(new Date(v.observedAt).getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
      const person = handleOf(w, v.handle);
      if (person) expect(data.recordCreditScore.id).toBe(person.id);
    },
  },
];

const circles: Spec[] = [
  {
    name: 'createCircle',
    as: 'owner',
    args: [['input', 'CreateCircleInput!']],
    select: 'id slug name description minCreditScore requiresVerified',
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete(
          {
            slug: fc.oneof(
              { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9]{1,6}$/).chain((suffix) => foldsOf(`${w.circle.slug}-${suffix}`)) },
              { weight: 3, arbitrary: slugArg(w, p) },
            ),
            name: textArg(p),
            description: fc.oneof(textArg(p), fc.constant(null)),
            interestSlugs: slugList(w, p),
            minCreditScore: fc.oneof(intArg(p, 350, 720), fc.constant(null)),
            requiresVerified: boolArg(p),
            membersOnly: boolArg(p),
            joinPolicy: enumArg(['OPEN', 'INVITE_ONLY'], p),
            acknowledgeDisclosure: boolArg(p),
          },
          ['slug', 'name', 'interestSlugs'],
        ),
      }),
    probe: (v) => {
      const s = str((v.input as Vars | undefined)?.slug);
      return { slugs: s === undefined || s.length > 1000 ? [] : [s, s.toLowerCase(), s.normalize('NFKC').trim().toLowerCase()] };
    },
    oracle: (v, data) => {
      const input = v.input as Vars;
      const circle = data.createCircle;
      expect(circle.slug).toMatch(SLUG);
      expect(circle.slug).toBe((input.slug as string).normalize('NFKC').trim().toLowerCase());
      expect(circle.name).toBe(nfcTrim(input.name as string));
      const min = input.minCreditScore ?? null;
      // The owner (score 720, not verified) must meet the circle's own gates.
      if (min !== null) expect(min as number).toBeGreaterThanOrEqual(350);
      if (min !== null) expect(min as number).toBeLessThanOrEqual(720);
      // A credit gate discloses the owner's score: founding one takes their consent.
      if (min !== null) expect(input.acknowledgeDisclosure).toBe(true);
      expect(input.requiresVerified ?? false).toBe(false);
    },
  },
  {
    name: 'joinCircle',
    as: 'outsider',
    args: [
      ['slug', 'String!'],
      ['acknowledgeDisclosure', 'Boolean'],
    ],
    select: 'id slug',
    gen: (w, p) => fc.record({ slug: slugArg(w, p), acknowledgeDisclosure: boolArg(p) }),
    oracle: (v, data) => expect(data.joinCircle.slug).toBe((v.slug as string).normalize('NFKC').trim().toLowerCase()),
  },
  {
    name: 'leaveCircle',
    as: 'member',
    args: [['slug', 'String!']],
    gen: (w, p) => fc.record({ slug: slugArg(w, p) }),
  },
  {
    name: 'setMemberRole',
    as: 'owner',
    args: [['circleSlug', 'String!'], ['handle', 'String!'], ['role', 'CircleRole!']],
    select: 'role user { id }',
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), handle: handleArg(w, p), role: enumArg(['OWNER', 'MODERATOR', 'MEMBER'], p) }),
    oracle: (v, data, w) => {
      expect(data.setMemberRole.role).toBe(v.role);
      expect([w.owner.id, w.member.id, w.doomed.id]).toContain(data.setMemberRole.user.id);
    },
  },
  {
    name: 'banMember',
    as: 'owner',
    args: [['circleSlug', 'String!'], ['handle', 'String!'], ['reason', 'String']],
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), handle: handleArg(w, p), reason: fc.oneof(textArg(p), fc.constant(null)) }, { requiredKeys: ['circleSlug', 'handle'] }),
    oracle: (v, _data, w) => expect(handleOf(w, v.handle)?.id).not.toBe(w.owner.id),
  },
  {
    name: 'unbanMember',
    as: 'owner',
    args: [['circleSlug', 'String!'], ['handle', 'String!']],
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), handle: handleArg(w, p) }),
  },
];

const posts: Spec[] = [
  {
    name: 'createPost',
    as: 'member',
    args: [['input', 'CreatePostInput!']],
    select: 'id body author { id } circle { id }',
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete({ circleSlug: slugArg(w, p), body: textArg(p), idempotencyKey: fc.oneof(textArg(p), fc.constant(null)) }, ['circleSlug', 'body']),
      }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.createPost.author.id).toBe(w.member.id);
      expect(data.createPost.body).toBe(nfcTrim(input.body as string));
      expect([...data.createPost.body].length).toBeLessThanOrEqual(5000);
    },
  },
  {
    name: 'editPost',
    as: 'member',
    args: [['input', 'EditPostInput!']],
    select: 'id body editedAt',
    gen: (w, p) => fc.record({ input: mostlyComplete({ id: idArg(w, p), body: textArg(p) }, ['id', 'body']) }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.editPost.id).toBe(w.memberPost);
      expect(data.editPost.body).toBe(nfcTrim(input.body as string));
      expect(data.editPost.editedAt).toBeTypeOf('string');
    },
  },
  {
    name: 'deletePost',
    as: 'member',
    args: [['id', 'ID!'], ['reason', 'String']],
    gen: (w, p) => fc.record({ id: idArg(w, p), reason: fc.oneof(textArg(p), fc.constant(null)) }, { requiredKeys: ['id'] }),
    oracle: (v, _data, w) => {
      // A member (not a moderator) deletes only their own post, and gives no reason for it.
      expect(String(v.id)).toBe(w.memberPost);
      expect(typeof v.reason !== 'string' || v.reason.trim() === '', `reason ${JSON.stringify(v.reason)}`).toBe(true);
    },
  },
];

const REACTION_KINDS = ['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY'];
const COMMENT = 'id body removed removedBy parentId author { id } mentions { id }';

const comments: Spec[] = [
  {
    name: 'addComment',
    as: 'member',
    args: [['input', 'AddCommentInput!']],
    select: COMMENT,
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete(
          { postId: idArg(w, p), body: textArg(p), replyToId: fc.oneof(commentIdArg(w, p), fc.constant(null)), idempotencyKey: fc.oneof(textArg(p), fc.constant(null)) },
          ['postId', 'body'],
        ),
      }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.addComment.author.id).toBe(w.member.id);
      expect(data.addComment.body).toBe(nfcTrim(input.body as string));
      expect([...data.addComment.body].length).toBeLessThanOrEqual(2000);
      // Replies go one level deep: only the top-level comment takes them.
      if (typeof input.replyToId === 'string') expect(data.addComment.parentId).toBe(w.memberComment);
      expect(data.addComment.mentions.length).toBeLessThanOrEqual(10);
    },
  },
  {
    name: 'editComment',
    as: 'member',
    args: [['input', 'EditCommentInput!']],
    select: `${COMMENT} editedAt`,
    gen: (w, p) => fc.record({ input: mostlyComplete({ id: commentIdArg(w, p), body: textArg(p) }, ['id', 'body']) }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.editComment.id).toBe(w.memberComment);
      expect(data.editComment.body).toBe(nfcTrim(input.body as string));
      expect(data.editComment.editedAt).toBeTypeOf('string');
    },
  },
  {
    name: 'deleteComment',
    as: 'member',
    args: [['id', 'ID!'], ['reason', 'String']],
    select: COMMENT,
    gen: (w, p) => fc.record({ id: commentIdArg(w, p), reason: fc.oneof(textArg(p), fc.constant(null)) }, { requiredKeys: ['id'] }),
    oracle: (v, data, w) => {
      // A member (not a moderator) removes only their own comment, and gives no reason for it.
      expect(String(v.id)).toBe(w.memberComment);
      expect(data.deleteComment).toMatchObject({ removed: true, removedBy: 'AUTHOR', body: null, author: null });
      expect(typeof v.reason !== 'string' || v.reason.trim() === '', `reason ${JSON.stringify(v.reason)}`).toBe(true);
    },
  },
  ...(['react', 'unreact'] as const).map(
    (name): Spec => ({
      name,
      as: 'member',
      args: [['postId', 'ID!'], ['kind', 'ReactionKind!']],
      select: 'id reactions { kind count viewerReacted }',
      gen: (w, p) => fc.record({ postId: idArg(w, p), kind: enumArg(REACTION_KINDS, p) }),
      oracle: (v, data, w) => {
        expect([w.memberPost, w.ownerPost]).toContain(data[name].id);
        const mine = data[name].reactions.filter((r: { viewerReacted: boolean }) => r.viewerReacted).map((r: { kind: string }) => r.kind);
        const kind = String(v.kind);
        expect(mine.includes(kind)).toBe(name === 'react');
      },
    }),
  ),
];

const trust: Spec[] = [
  {
    name: 'trustUser',
    as: 'owner',
    args: [['handle', 'String!'], ['weight', 'Float!']],
    select: 'weight from { id } to { id }',
    gen: (w, p) => fc.record({ handle: handleArg(w, p), weight: floatArg(p) }),
    oracle: (v, data, w) => {
      expect(typeof v.weight === 'number' && Number.isFinite(v.weight) && v.weight > 0 && v.weight <= 1, `weight ${String(v.weight)}`).toBe(true);
      expect(data.trustUser.from.id).toBe(w.owner.id);
      expect(data.trustUser.to.id).not.toBe(w.owner.id);
    },
  },
  {
    name: 'revokeTrust',
    as: 'owner',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
];

const connections: Spec[] = [
  {
    name: 'sendConnectionRequest',
    as: 'outsider',
    args: [['handle', 'String!'], ['message', 'String!']],
    select: 'message status from { id } to { id }',
    gen: (w, p) => fc.record({ handle: handleArg(w, p), message: textArg(p) }),
    oracle: (v, data, w) => {
      expect(data.sendConnectionRequest.message).toBe(nfcTrim(v.message as string));
      expect([...data.sendConnectionRequest.message].length).toBeLessThanOrEqual(280);
      expect(data.sendConnectionRequest.from.id).toBe(w.outsider.id);
      expect(data.sendConnectionRequest.to.id).not.toBe(w.outsider.id);
      // The outsider blocked `doomed`: no request across a block.
      expect(data.sendConnectionRequest.to.id).not.toBe(w.doomed.id);
    },
  },
  {
    name: 'respondToConnectionRequest',
    as: 'owner',
    args: [['fromHandle', 'String!'], ['accept', 'Boolean!']],
    select: 'status from { id } to { id }',
    gen: (w, p) => fc.record({ fromHandle: handleArg(w, p), accept: boolArg(p) }),
    oracle: (v, data, w) => {
      expect(data.respondToConnectionRequest.from.id).toBe(w.member.id);
      expect(data.respondToConnectionRequest.status).toBe(v.accept ? 'ACCEPTED' : 'DECLINED');
    },
  },
  {
    name: 'withdrawConnectionRequest',
    as: 'member',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
  {
    name: 'disconnect',
    as: 'owner',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
];

const blocks: Spec[] = [
  {
    name: 'blockUser',
    as: 'outsider',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
    oracle: (v, _data, w) => expect(handleOf(w, v.handle)?.id).not.toBe(w.outsider.id),
  },
  {
    name: 'unblockUser',
    as: 'outsider',
    args: [['handle', 'String!']],
    gen: (w, p) => fc.record({ handle: handleArg(w, p) }),
  },
];

const POLICY_ACTIONS = ['SHOW', 'FILTER', 'DROP'];
const POLICY_DEFAULTS: Record<string, string> = { strangers: 'SHOW', unverified: 'SHOW', newAccounts: 'FILTER' };

/** markNotificationsRead and its payload twin: the same arguments, and the same success. */
const markingRead: Pick<Spec, 'as' | 'args' | 'gen' | 'mustSucceed'> = {
  as: 'owner',
  args: [['upTo', 'ID']],
  gen: (w, p) =>
    fc.record(
      { upTo: fc.oneof({ weight: p, arbitrary: fc.constantFrom(...w.ownerNotifications, null) }, { weight: 2, arbitrary: fc.oneof(idArg(w, 1), fc.uuid()) }) },
      { requiredKeys: [] },
    ),
  mustSucceed: (v, w) => v.upTo === undefined || v.upTo === null || w.ownerNotifications.includes(v.upTo as string),
};

const notifications: Spec[] = [
  {
    ...markingRead,
    name: 'markNotificationsRead',
    select: 'id unreadNotificationCount unreadFilteredNotificationCount',
    oracle: (v, data, w) => {
      expect(data.markNotificationsRead.id).toBe(w.owner.id);
      // Only the owner's own notifications can be named; without one, all are read.
      if (v.upTo !== undefined && v.upTo !== null) expect(w.ownerNotifications).toContain(v.upTo);
      else expect([data.markNotificationsRead.unreadNotificationCount, data.markNotificationsRead.unreadFilteredNotificationCount]).toEqual([0, 0]);
    },
  },
  {
    ...markingRead,
    name: 'markNotificationsReadWithPayload',
    select: 'me { id unreadNotificationCount unreadFilteredNotificationCount } notifications(first: 100) { totalCount edges { node { id readAt } } }',
    oracle: (v, data, w) => {
      const answer = data.markNotificationsReadWithPayload;
      expect(answer.me.id).toBe(w.owner.id);
      expect(answer.notifications.totalCount).toBe(answer.notifications.edges.length);
      if (v.upTo !== undefined && v.upTo !== null) expect(w.ownerNotifications).toContain(v.upTo);
      else {
        // All read: the counts are zero and the page the answer carries shows each read.
        expect([answer.me.unreadNotificationCount, answer.me.unreadFilteredNotificationCount]).toEqual([0, 0]);
        expect(answer.notifications.edges.map((edge: { node: { readAt: string | null } }) => edge.node.readAt)).not.toContain(null);
      }
    },
  },
  {
    name: 'setNotificationPolicy',
    as: 'owner',
    args: [['input', 'NotificationPolicyInput!']],
    select: 'id notificationPolicy { strangers unverified newAccounts }',
    gen: (_w, p) =>
      fc.record({
        input: inputObject(Object.fromEntries(Object.keys(POLICY_DEFAULTS).map((key) => [key, fc.oneof(enumArg(POLICY_ACTIONS, p), fc.constant(null))]))),
      }),
    oracle: (v, data, w) => {
      expect(data.setNotificationPolicy.id).toBe(w.owner.id);
      // A choice sent is the one stored; null goes back to the default.
      const input = v.input as Vars;
      for (const [key, fallback] of Object.entries(POLICY_DEFAULTS)) {
        if (input[key] === null) expect(data.setNotificationPolicy.notificationPolicy[key]).toBe(fallback);
        else if (input[key] !== undefined) expect(data.setNotificationPolicy.notificationPolicy[key]).toBe(input[key]);
      }
    },
  },
];

const conversations: Spec[] = [
  {
    name: 'sendMessage',
    as: 'outsider',
    args: [['input', 'SendMessageInput!']],
    select: 'id body seq from { id } to { id }',
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete({ toHandle: handleArg(w, p), body: textArg(p), clientMessageId: fc.oneof(textArg(p), fc.constant(null)) }, ['toHandle', 'body']),
      }),
    oracle: (v, data, w) => {
      const input = v.input as Vars;
      expect(data.sendMessage.from.id).toBe(w.outsider.id);
      // The owner accepted the outsider's request; nobody else is connected with the outsider.
      expect(data.sendMessage.to.id).toBe(w.owner.id);
      expect(data.sendMessage.body).toBe(nfcTrim(input.body as string));
      expect([...data.sendMessage.body].length).toBeLessThanOrEqual(2000);
      expect(data.sendMessage.seq).toBeGreaterThanOrEqual(2);
    },
  },
  {
    name: 'markConversationRead',
    as: 'owner',
    args: [['withHandle', 'String!']],
    select: 'id unreadCount with { id } lastMessage { body }',
    gen: (w, p) => fc.record({ withHandle: handleArg(w, p) }),
    oracle: (_v, data, w) => {
      // The owner's one conversation: with the outsider, opened by the icebreaker they accepted.
      expect(data.markConversationRead.with.id).toBe(w.outsider.id);
      expect(data.markConversationRead.unreadCount).toBe(0);
    },
  },
];

/** Invitations to circles, reports and their resolution (features/moderation/moderation.fuzz.test.ts). */
const moderation: Spec[] = [
  {
    name: 'inviteToCircle',
    as: 'owner',
    args: [['circleSlug', 'String!'], ['handle', 'String!']],
    select: 'circle { id } invitee { id } invitedBy { id }',
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), handle: handleArg(w, p) }),
    oracle: (_v, data, w) => {
      expect(data.inviteToCircle.circle.id).toBe(w.circle.id);
      expect(data.inviteToCircle.invitedBy.id).toBe(w.owner.id);
      // Members need no invitation: only people outside the circle are invited.
      expect([w.owner.id, w.member.id]).not.toContain(data.inviteToCircle.invitee.id);
    },
  },
  {
    name: 'respondToCircleInvitation',
    as: 'member',
    args: [['circleSlug', 'String!'], ['accept', 'Boolean!'], ['acknowledgeDisclosure', 'Boolean']],
    select: 'id',
    gen: (w, p) => fc.record({ circleSlug: slugArg(w, p), accept: boolArg(p), acknowledgeDisclosure: boolArg(p) }, { requiredKeys: ['circleSlug', 'accept'] }),
    // The member it is sent as holds no invitation (members are never invited): every answer is refused.
    oracle: () => expect.unreachable('the member holds no invitation to answer'),
  },
  {
    name: 'withdrawCircleInvitation',
    as: 'owner',
    args: [['id', 'ID!']],
    select: 'id circle { id } invitee { id }',
    gen: (w, p) => fc.record({ id: idArg(w, p) }),
    // The world holds no invitation, and its other ids (posts, people, near misses) are none: every call is refused.
    oracle: () => expect.unreachable('the world holds no invitation to withdraw'),
  },
  {
    name: 'reportContent',
    as: 'member',
    args: [['input', 'ReportContentInput!']],
    select: 'id subjectId subjectKind status subjectOwner { id }',
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete(
          {
            subjectId: fc.oneof(idArg(w, p), fc.constantFrom(w.owner.id, w.outsider.id, w.member.id)),
            reason: enumArg(['SPAM', 'HARASSMENT', 'OTHER'], p),
            note: fc.oneof(textArg(p), fc.constant(null)),
          },
          ['subjectId', 'reason'],
        ),
      }),
    oracle: (v, data, w) => {
      const report = data.reportContent;
      expect(report.subjectId).toBe((v.input as Vars).subjectId);
      expect(report.status).toBe('OPEN');
      // Nobody reports their own post or themselves.
      expect(report.subjectOwner.id).not.toBe(w.member.id);
    },
  },
  {
    name: 'resolveReport',
    as: 'safety',
    args: [['input', 'ResolveReportInput!']],
    select: 'id status action',
    gen: (w, p) =>
      fc.record({
        input: mostlyComplete(
          { reportId: idArg(w, p), action: enumArg(['DISMISS', 'REMOVE_CONTENT', 'BAN_FROM_CIRCLE', 'SUSPEND_ACCOUNT'], p), note: fc.oneof(textArg(p), fc.constant(null)) },
          ['reportId', 'action'],
        ),
      }),
    // The world holds no report with these ids: every resolution is refused.
    oracle: () => expect.unreachable('no report has that id'),
  },
];

/**
 * What each `…WithPayload` twin selects (README, "Mutation answers"). A twin is called as the
 * mutation it answers for, with the same arguments, and a success implies the same: it shares
 * the spec, oracle included, under its own name.
 */
const PAYLOAD_SELECTIONS: Record<string, string> = {
  changePassword: 'endedSessionIds me { id }',
  endSession: 'endedSessionId',
  leaveCircle: 'left removedMemberId circle { id memberCount viewerRole }',
  banMember: 'removedMemberId circle { id memberCount }',
  unbanMember: 'unbanned circle { id }',
  deletePost: 'deletedPostId circle { id }',
  revokeTrust: 'revoked revokedTrustEdgeId me { id trustsGivenCount } user { id trustsReceivedCount }',
  withdrawConnectionRequest: 'withdrawn withdrawnRequestId user { id connectionStatus }',
  disconnect: 'disconnected user { id connectionStatus }',
  blockUser: 'endedConnectionRequestIds user { id connectionStatus }',
  unblockUser: 'unblocked user { id connectionStatus }',
};

const withPayloadTwins = (specs: Spec[]): Spec[] =>
  specs.flatMap((spec) => {
    const select = PAYLOAD_SELECTIONS[spec.name];
    return select ? [spec, { ...spec, name: `${spec.name}WithPayload`, select }] : [spec];
  });

const FEATURES = { auth, users, interests, credit, circles, posts, comments, trust, connections, blocks, notifications, conversations, moderation };
export const MUTATION_SPECS = Object.fromEntries(Object.entries(FEATURES).map(([feature, specs]) => [feature, withPayloadTwins(specs)])) as typeof FEATURES;
export const ALL_MUTATION_SPECS: Spec[] = Object.values(MUTATION_SPECS).flat();
