import { describe, expect, it } from 'vitest';
import { vouchVisible, VouchVisibility, type VouchSighting } from '../../src/privacy/vouch-visibility.js';

const { PUBLIC, CONNECTIONS_ONLY, PRIVATE } = VouchVisibility;
const vouch = (viewerId: string | null, giverChoice: VouchVisibility, extra: Partial<VouchSighting> = {}): VouchSighting => ({
  viewerId,
  giverId: 'giver',
  receiverId: 'receiver',
  giverChoice,
  viewerConnectedToGiver: false,
  blockedEither: false,
  ...extra,
});

describe('vouchVisible', () => {
  it.each([
    ['the giver, whatever they chose', vouch('giver', PRIVATE), true],
    ['the receiver, whatever the giver chose', vouch('receiver', PRIVATE), true],
    ['a stranger, of a public vouch', vouch('other', PUBLIC), true],
    ['a stranger, of a connections-only vouch', vouch('other', CONNECTIONS_ONLY), false],
    ["the giver's connection, of a connections-only vouch", vouch('other', CONNECTIONS_ONLY, { viewerConnectedToGiver: true }), true],
    ["the giver's connection, of a private vouch", vouch('other', PRIVATE, { viewerConnectedToGiver: true }), false],
    ['anyone with a block between them and an end, of a public vouch', vouch('other', PUBLIC, { blockedEither: true }), false],
    ['the receiver, blocked by the giver', vouch('receiver', PUBLIC, { blockedEither: true }), false],
    ['nobody signed in (a service)', vouch(null, PUBLIC), false],
  ])('%s: %s', (_, sighting, expected) => {
    expect(vouchVisible(sighting)).toBe(expected);
  });
});
