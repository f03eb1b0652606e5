import { describe, expect, it } from 'vitest';
import { CircleRole, JoinPolicy } from '../../src/circles/circle.type.js';
import {
  disclosureRefusal,
  gateRefusal,
  joinRefusal,
  leaveRefusal,
  readRefusal,
  removesLastOwner,
  unknownInterestsRefusal,
  type Applicant,
} from '../../src/circles/circles.rules.js';
import { refusalOf } from './refusal.js';

const { OWNER, MODERATOR, MEMBER } = CircleRole;

const open = { name: 'Tea', minCreditScore: null, requiresVerified: false, membersOnly: false, joinPolicy: JoinPolicy.OPEN };
const inviteOnly = { ...open, joinPolicy: JoinPolicy.INVITE_ONLY };
const inviteOnlyFrom600 = { ...inviteOnly, minCreditScore: 600 };
const verifiedOnly = { ...open, requiresVerified: true };
const from600 = { ...open, minCreditScore: 600 };
const both = { ...open, requiresVerified: true, minCreditScore: 600 };

const person = (verified: boolean, creditScore: number | null): Applicant => ({ verified, creditScore });

const UNVERIFIED = (action: string) => ({
  code: 'VERIFICATION_REQUIRED',
  message: `Tea requires a verified real name to ${action}; yours is not verified yet.`,
});
const NO_SCORE = (action: string) => ({
  code: 'CREDIT_TOO_LOW',
  message: `Tea requires a credit score of at least 600 to ${action}; you have no score on record.`,
});
const LOW_SCORE = (action: string) => ({
  code: 'CREDIT_TOO_LOW',
  message: `Tea requires a credit score of at least 600 to ${action}; yours is below that.`,
});
const BANNED = {
  code: 'FORBIDDEN',
  message: 'The moderators of Tea removed you from it; you cannot rejoin unless they lift the ban.',
};

describe('gateRefusal', () => {
  it.each([
    ['no gates, an unverified person without a score', open, person(false, null), 'join', null],
    ['a verified name required, unverified', verifiedOnly, person(false, 900), 'join', UNVERIFIED('join')],
    ['a verified name required, verified', verifiedOnly, person(true, null), 'join', null],
    ['a minimum score, none on record', from600, person(true, null), 'join', NO_SCORE('join')],
    ['a minimum score, one point below', from600, person(true, 599), 'join', LOW_SCORE('join')],
    ['a minimum score, exactly met', from600, person(false, 600), 'join', null],
    [
      'both gates, both failed: both are named, the name first',
      both,
      person(false, 400),
      'join',
      { code: 'VERIFICATION_REQUIRED', message: 'Tea requires a verified real name and a credit score of at least 600 to join; yours is not verified yet, and your score is below that.' },
    ],
    [
      'both gates, unverified and no score',
      both,
      person(false, null),
      'join',
      { code: 'VERIFICATION_REQUIRED', message: 'Tea requires a verified real name and a credit score of at least 600 to join; yours is not verified yet, and you have no score on record.' },
    ],
    ['both gates, only the score failed', both, person(true, 400), 'join', LOW_SCORE('join')],
    ['both gates, both met', both, person(true, 950), 'join', null],
    ['founding a circle one could not join', both, person(true, null), 'found it', NO_SCORE('found it')],
  ])('%s', (_, circle, applicant, action, expected) => {
    expect(refusalOf(gateRefusal(circle, applicant, action))).toEqual(expected);
  });
});

describe('gateRefusal: extensions.unmet', () => {
  it.each([
    ['both failed', both, person(false, 400), ['VERIFICATION_REQUIRED', 'CREDIT_TOO_LOW']],
    ['only the name', both, person(false, 700), ['VERIFICATION_REQUIRED']],
    ['only the score', both, person(true, null), ['CREDIT_TOO_LOW']],
  ])('lists every unmet gate: %s', (_, circle, applicant, unmet) => {
    expect(gateRefusal(circle, applicant, 'join')?.extensions.unmet).toEqual(unmet);
  });
});

describe('unknownInterestsRefusal', () => {
  const unknown = (list: string) => ({
    code: 'BAD_USER_INPUT',
    field: 'interestSlugs',
    message: `Unknown interest: ${list}. The \`interests\` query lists them all.`,
  });

  it.each([
    ['all in the catalogue', ['tea', 'travel'], ['travel', 'tea'], null],
    ['none asked for', [], [], null],
    ['one missing', ['tea', 'knitting'], ['tea'], unknown('knitting')],
    ['several missing, in the order asked', ['zither', 'tea', 'knitting'], ['tea'], unknown('zither, knitting')],
  ])('%s', (_, requested, known, expected) => {
    expect(refusalOf(unknownInterestsRefusal(requested, known))).toEqual(expected);
  });
});

describe('joinRefusal', () => {
  const standing = (member: boolean, banned: boolean, applicant: Applicant, paused = false, invited = false) => ({ member, banned, paused, invited, ...applicant });
  const INVITE_ONLY = {
    code: 'FORBIDDEN',
    message: 'Tea is invite-only; you can join once one of its owners or moderators invites you (inviteToCircle).',
  };

  it.each([
    ['a newcomer who meets the gates', both, standing(false, false, person(true, 700)), null],
    ['a newcomer without a verified name', both, standing(false, false, person(false, 700)), UNVERIFIED('join')],
    ['a newcomer with too low a score', from600, standing(false, false, person(true, 350)), LOW_SCORE('join')],
    ['a member again, though the gates now refuse them', both, standing(true, false, person(false, null)), null],
    ['a banned person who meets the gates', open, standing(false, true, person(true, 900)), BANNED],
    ['a banned person who fails the gates: the ban is named', both, standing(false, true, person(false, null)), BANNED],
    ['an uninvited newcomer to an invite-only circle', inviteOnly, standing(false, false, person(true, 900)), INVITE_ONLY],
    ['an invited newcomer to an invite-only circle', inviteOnly, standing(false, false, person(false, null), false, true), null],
    ['an invited newcomer who fails its gate: an invitation waives no gate', inviteOnlyFrom600, standing(false, false, person(true, 350), false, true), LOW_SCORE('join')],
    ['an invited but banned person: the ban is named', inviteOnly, standing(false, true, person(true, 900), false, true), BANNED],
    ['a member of an invite-only circle, uninvited', inviteOnly, standing(true, false, person(true, 900)), null],
    ['a paused member of an invite-only circle resumes uninvited', inviteOnly, standing(false, false, person(true, 900), true), null],
    ['an uninvited newcomer failing the gates too: invite-only is named first', inviteOnlyFrom600, standing(false, false, person(true, 350)), INVITE_ONLY],
  ])('%s', (_, circle, applicant, expected) => {
    expect(refusalOf(joinRefusal(circle, applicant, true))).toEqual(expected);
  });

  it('asks a newcomer who passes a credit gate to consent, and no one else', () => {
    expect(refusalOf(joinRefusal(both, standing(false, false, person(true, 700)), false))?.code).toBe('DISCLOSURE_REQUIRED');
    expect(refusalOf(joinRefusal(verifiedOnly, standing(false, false, person(true, null)), false))).toBeNull();
    // Gates first: a person who could not join is not asked to consent.
    expect(refusalOf(joinRefusal(both, standing(false, false, person(true, 350)), false))).toEqual(LOW_SCORE('join'));
    // A paused member resumes past tightened gates, but only with consent.
    expect(refusalOf(joinRefusal(both, standing(false, false, person(false, 350), true), false))?.code).toBe('DISCLOSURE_REQUIRED');
    expect(refusalOf(joinRefusal(both, standing(false, false, person(false, 350), true), true))).toBeNull();
    // A member is never refused, consent or not.
    expect(refusalOf(joinRefusal(both, standing(true, false, person(true, 700)), false))).toBeNull();
    // An invitation waives no consent either.
    expect(refusalOf(joinRefusal(inviteOnlyFrom600, standing(false, false, person(true, 700), false, true), false))?.code).toBe('DISCLOSURE_REQUIRED');
  });
});

describe('disclosureRefusal', () => {
  it.each([
    ['joining an open circle', open, false, 'join', null],
    ['joining a verified-only circle', verifiedOnly, false, 'join', null],
    ['joining a credit-gated circle with consent', from600, true, 'join', null],
    [
      'joining a credit-gated circle without consent',
      from600,
      false,
      'join',
      {
        code: 'DISCLOSURE_REQUIRED',
        field: 'acknowledgeDisclosure',
        message:
          'Joining Tea tells every signed-in person (its member list and your list of circles show it) that your credit score is at least 600, ' +
          'whoever your score visibility lets see it. To agree, send acknowledgeDisclosure: true; leaving the circle withdraws it.',
      },
    ],
    [
      'founding a members-only credit-gated circle without consent',
      { ...from600, membersOnly: true },
      false,
      'found',
      {
        code: 'DISCLOSURE_REQUIRED',
        field: 'acknowledgeDisclosure',
        message:
          'Founding Tea (you become its owner and first member) tells its other members that your credit score is at least 600, ' +
          'whoever your score visibility lets see it. To agree, send acknowledgeDisclosure: true; leaving the circle withdraws it.',
      },
    ],
  ] as const)('%s', (_, circle, acknowledged, action, expected) => {
    expect(refusalOf(disclosureRefusal(circle, acknowledged, action))).toEqual(expected);
  });
});

describe('removesLastOwner', () => {
  it.each([
    [OWNER, 1, null, true],
    [OWNER, 1, MEMBER, true],
    [OWNER, 1, MODERATOR, true],
    [OWNER, 1, OWNER, false],
    [OWNER, 2, null, false],
    [OWNER, 2, MEMBER, false],
    [MODERATOR, 1, null, false],
    [MODERATOR, 1, MEMBER, false],
    [MEMBER, 1, null, false],
    [MEMBER, 1, OWNER, false],
  ])('%s, with %i owner(s), becoming %s (null: leaving): %s', (role, owners, to, expected) => {
    expect(removesLastOwner({ role, owners }, to)).toBe(expected);
  });
});

describe('leaveRefusal', () => {
  const LAST_OWNER = {
    code: 'CONFLICT',
    message: 'You are the only owner of Tea; make another member an owner first (setMemberRole), so the circle is not left without one.',
  };

  it.each([
    [OWNER, 1, LAST_OWNER],
    [OWNER, 2, null],
    [MODERATOR, 1, null],
    [MEMBER, 1, null],
  ])('%s leaving, with %i owner(s)', (role, owners, expected) => {
    expect(refusalOf(leaveRefusal(open, { role, owners }))).toEqual(expected);
  });
});

describe('readRefusal', () => {
  const publicCircle = { name: 'Tea', membersOnly: false };
  const privateCircle = { name: 'Tea', membersOnly: true };
  const membersOnly = (what: string) => ({ code: 'FORBIDDEN', message: `Only members of Tea can ${what}; join it first.` });

  it.each([
    ['a public circle, to an outsider', publicCircle, null, 'read its posts', null],
    ['a public circle, to a member', publicCircle, MEMBER, 'read its posts', null],
    ['a members-only circle, to an outsider (posts)', privateCircle, null, 'read its posts', membersOnly('read its posts')],
    ['a members-only circle, to an outsider (members)', privateCircle, null, 'see who is in it', membersOnly('see who is in it')],
    ['a members-only circle, to a member', privateCircle, MEMBER, 'read its posts', null],
    ['a members-only circle, to a moderator', privateCircle, MODERATOR, 'read its posts', null],
    ['a members-only circle, to an owner', privateCircle, OWNER, 'read its posts', null],
  ])('%s', (_, circle, viewerRole, what, expected) => {
    expect(refusalOf(readRefusal(circle, viewerRole, what))).toEqual(expected);
  });
});
