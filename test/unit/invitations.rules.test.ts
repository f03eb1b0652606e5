import { describe, expect, it } from 'vitest';
import { CircleRole } from '../../src/circles/circle.type.js';
import { inviteeRefusal, inviterRefusal, responseRefusal } from '../../src/circles/invitations.rules.js';
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
