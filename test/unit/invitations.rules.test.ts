import { describe, expect, it } from 'vitest';
import { CircleRole } from '../../src/circles/circle.type.js';
import { inviteeRefusal, inviterRefusal, responseRefusal, withdrawRefusal, type WithdrawalFacts } from '../../src/circles/invitations.rules.js';
import { refusalOf } from './refusal.js';

const circle = { name: 'Tea' };
const invitee = { handle: 'li', member: false, banned: false, blockedByInviter: false };

describe('inviterRefusal', () => {
  it('lets owners and moderators invite, and nobody else', () => {
    expect(inviterRefusal(circle, CircleRole.OWNER)).toBeNull();
    expect(inviterRefusal(circle, CircleRole.MODERATOR)).toBeNull();
    for (const role of [CircleRole.MEMBER, null]) {
      expect(refusalOf(inviterRefusal(circle, role))).toMatchObject({ code: 'FORBIDDEN', message: 'Only the owners and moderators of Tea can invite people to it.' });
    }
  });
});

describe('inviteeRefusal', () => {
  it.each([
    ['someone outside the circle', invitee, null],
    ['a member', { ...invitee, member: true }, 'CONFLICT'],
    ['someone banned', { ...invitee, banned: true }, 'CONFLICT'],
    ['someone the inviter blocked', { ...invitee, blockedByInviter: true, banned: true }, 'FORBIDDEN'],
  ])('%s', (_what, standing, expected) => {
    expect(refusalOf(inviteeRefusal(circle, standing))?.code ?? null).toBe(expected);
  });
});

describe('responseRefusal', () => {
  it('needs a pending invitation', () => {
    expect(responseRefusal(circle, true)).toBeNull();
    expect(refusalOf(responseRefusal(circle, false))).toMatchObject({ code: 'NOT_FOUND', message: 'You have no pending invitation to Tea.' });
  });
});

describe('withdrawRefusal', () => {
  const pending: WithdrawalFacts = { circleName: 'Tea', inviteeHandle: 'li', role: CircleRole.MODERATOR, hidden: false, answer: null };

  it('lets owners and moderators withdraw a pending invitation, and nobody else', () => {
    expect(withdrawRefusal(pending)).toBeNull();
    expect(withdrawRefusal({ ...pending, role: CircleRole.OWNER })).toBeNull();
    for (const role of [CircleRole.MEMBER, null]) {
      expect(refusalOf(withdrawRefusal({ ...pending, role }))).toMatchObject({ code: 'FORBIDDEN', message: 'Only the owners and moderators of Tea can withdraw its invitations.' });
    }
  });

  it('refuses a non-moderator the same way whether or not a block hides the invitation, so a block does not show', () => {
    const member = { ...pending, role: CircleRole.MEMBER };
    expect(refusalOf(withdrawRefusal({ ...member, hidden: true }))).toEqual(refusalOf(withdrawRefusal(member)));
  });

  it('answers a moderator an invitation a block hides as one that does not exist, answered or not', () => {
    for (const answer of [null, 'ACCEPTED', 'WITHDRAWN'] as const) {
      expect(refusalOf(withdrawRefusal({ ...pending, hidden: true, answer }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no invitation with that id/) });
    }
  });

  it.each([
    ['ACCEPTED', /@li already accepted this invitation to Tea/],
    ['DECLINED', /@li already declined this invitation to Tea/],
    ['WITHDRAWN', /already withdrawn/],
  ] as const)('refuses one already %s with CONFLICT saying so', (answer, message) => {
    expect(refusalOf(withdrawRefusal({ ...pending, answer }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(message) });
  });
});
