import { describe, expect, it } from 'vitest';
import { CircleRole } from '../../src/circles/circle.type.js';
import {
  mayModerate,
  moderationRefusal,
  roleChangeRefusal,
  selfBanRefusal,
  type ModerationAction,
} from '../../src/circles/moderation.rules.js';
import { refusalOf } from './refusal.js';

const { OWNER, MODERATOR, MEMBER } = CircleRole;

const ACTIONS = {
  'make OWNER': { kind: 'setRole', to: OWNER },
  'make MODERATOR': { kind: 'setRole', to: MODERATOR },
  'make MEMBER': { kind: 'setRole', to: MEMBER },
  ban: { kind: 'ban' },
  unban: { kind: 'unban' },
} satisfies Record<string, ModerationAction>;

/** Everyone who may act or be acted on: the three roles, and someone not in the circle. */
const PARTIES = { OWNER, MODERATOR, MEMBER, outsider: null };
type Party = keyof typeof PARTIES;

const OK = 'allowed';
const STAFF_ONLY = 'Only the owners and moderators of a circle can do this.';
const OWNERS_CHANGE_OWNERS = 'Only owners can change another owner.';
const OWNERS_UNBANNABLE = 'Owners cannot be banned; an owner can step down first.';
const OWNERS_BAN_MODERATORS = 'Only owners can ban a moderator.';
const MODERATORS_PROMOTE_ONLY = 'Moderators can only make members moderators; owners decide the rest.';

/** The whole rule: per action, a row per actor with a verdict per target (OWNER, MODERATOR, MEMBER, outsider). */
type Row = [string, string, string, string];
const EXPECTED: Record<keyof typeof ACTIONS, Record<Party, Row>> = {
  'make OWNER': {
    OWNER: [OK, OK, OK, OK],
    MODERATOR: [OWNERS_CHANGE_OWNERS, MODERATORS_PROMOTE_ONLY, MODERATORS_PROMOTE_ONLY, MODERATORS_PROMOTE_ONLY],
    MEMBER: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
    outsider: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
  },
  'make MODERATOR': {
    OWNER: [OK, OK, OK, OK],
    MODERATOR: [OWNERS_CHANGE_OWNERS, MODERATORS_PROMOTE_ONLY, OK, MODERATORS_PROMOTE_ONLY],
    MEMBER: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
    outsider: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
  },
  'make MEMBER': {
    OWNER: [OK, OK, OK, OK],
    MODERATOR: [OWNERS_CHANGE_OWNERS, MODERATORS_PROMOTE_ONLY, MODERATORS_PROMOTE_ONLY, MODERATORS_PROMOTE_ONLY],
    MEMBER: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
    outsider: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
  },
  ban: {
    OWNER: [OWNERS_UNBANNABLE, OK, OK, OK],
    MODERATOR: [OWNERS_CHANGE_OWNERS, OWNERS_BAN_MODERATORS, OK, OK],
    MEMBER: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
    outsider: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
  },
  unban: {
    OWNER: [OK, OK, OK, OK],
    MODERATOR: [OK, OK, OK, OK],
    MEMBER: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
    outsider: [STAFF_ONLY, STAFF_ONLY, STAFF_ONLY, STAFF_ONLY],
  },
};

const targets = Object.keys(PARTIES) as Party[];
const CASES = Object.entries(EXPECTED).flatMap(([action, byActor]) =>
  Object.entries(byActor).flatMap(([actor, row]) =>
    targets.map((target, i) => [actor, action, target, row[i]!] as [Party, keyof typeof ACTIONS, Party, string]),
  ),
);

describe('moderationRefusal', () => {
  it('is tabled for every actor × target × action', () => {
    expect(CASES).toHaveLength(Object.keys(PARTIES).length ** 2 * Object.keys(ACTIONS).length);
  });

  it.each(CASES)('%s → %s → %s: %s', (actor, action, target, expected) => {
    const refusal = moderationRefusal(PARTIES[actor], PARTIES[target], ACTIONS[action]);
    expect(refusalOf(refusal)).toEqual(expected === OK ? null : { code: 'FORBIDDEN', message: expected });
  });
});

describe('mayModerate', () => {
  it.each([
    ['OWNER', true],
    ['MODERATOR', true],
    ['MEMBER', false],
    ['outsider', false],
  ] as const)('%s: %s', (party, expected) => {
    expect(mayModerate(PARTIES[party])).toBe(expected);
  });
});

describe('selfBanRefusal', () => {
  const SELF_BAN = { code: 'BAD_USER_INPUT', field: 'handle', message: 'You cannot ban yourself; use leaveCircle to leave.' };

  it.each([
    ['banning oneself', 'me', ACTIONS.ban, SELF_BAN],
    ['banning someone else', 'them', ACTIONS.ban, null],
    ['unbanning oneself (moderationRefusal decides)', 'me', ACTIONS.unban, null],
    ['setting one’s own role (the last-owner rule decides)', 'me', ACTIONS['make MEMBER'], null],
  ])('%s', (_, targetId, action, expected) => {
    expect(refusalOf(selfBanRefusal('me', targetId, action))).toEqual(expected);
  });
});

describe('roleChangeRefusal', () => {
  const circle = { name: 'Tea' };
  const NOT_A_MEMBER = { code: 'NOT_FOUND', message: '@li_na is not a member of Tea.' };
  const LAST_OWNER = { code: 'CONFLICT', message: 'Tea would be left without an owner; make someone else an owner first.' };

  it.each([
    ['an outsider', null, 1, MODERATOR, NOT_A_MEMBER],
    ['an outsider, even made owner', null, 0, OWNER, NOT_A_MEMBER],
    ['the only owner, made a member', OWNER, 1, MEMBER, LAST_OWNER],
    ['the only owner, made a moderator', OWNER, 1, MODERATOR, LAST_OWNER],
    ['the only owner, made an owner again', OWNER, 1, OWNER, null],
    ['one of two owners, made a member', OWNER, 2, MEMBER, null],
    ['a member, made the second owner', MEMBER, 1, OWNER, null],
    ['a moderator, made a member', MODERATOR, 1, MEMBER, null],
  ])('%s', (_, role, owners, to, expected) => {
    expect(refusalOf(roleChangeRefusal(circle, 'li_na', { role, owners }, to))).toEqual(expected);
  });
});
