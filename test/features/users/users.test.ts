import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../../src/auth/roles.js';
import {
  InterestsDocument,
  MeDocument,
  UpdateProfileDocument,
  UserByHandleDocument,
  UsersExtraMeDocument,
  UsersExtraProfileDocument,
  VerifyRealNameDocument,
  type UpdateProfileInput,
} from '../../generated/graphql.js';
import { errorCodes, type Result } from '../../helpers/client.js';
import { countUsers, serviceToken, signUp, uniqueHandle, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();
let verifierToken: string;
let bureauToken: string;

beforeAll(() => {
  verifierToken = serviceToken(test, Role.IDENTITY_VERIFIER);
  bureauToken = serviceToken(test, Role.CREDIT_BUREAU);
});

/** Every stored property of a person, straight from Neo4j (not through the API). */
async function storedUser(id: string): Promise<Record<string, unknown> | undefined> {
  const row = await test.database
    .forRequest()
    .read((q) => q.one<{ u: Record<string, unknown> }>('MATCH (u:User {id: $id}) RETURN properties(u) AS u', { id }));
  return row?.u;
}

/** The same handle in full-width letters (a look-alike form that folds to the same handle). */
const fullWidth = (value: string) =>
  [...value].map((c) => (/[a-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

const firstError = (result: { errors?: readonly { extensions?: Record<string, unknown>; message: string }[] }) => result.errors![0]!;

describe('me', () => {
  it('returns the signed-in person, as stored', async () => {
    const person = await signUp(test.client, 'me', '  李 雷  ');
    const result = await test.client.request(MeDocument, {}, { token: person.token });
    expect(result.errors).toBeUndefined();
    const stored = await storedUser(person.id);
    expect(result.data!.me).toEqual({
      id: person.id,
      handle: person.handle,
      realName: stored!.realName,
      verified: false,
      bio: null,
      creditScore: null,
      creditBand: null,
      scoreVisibility: 'BAND_ONLY',
      interests: [],
    });
    expect(stored!.realName).toBe('李 雷');
    const extra = await test.client.request(UsersExtraMeDocument, {}, { token: person.token });
    expect(new Date(extra.data!.me!.createdAt).getTime()).toBe((stored!.createdAt as Date).getTime());
  });

  it('answers each person with themselves', async () => {
    const [a, b] = await Promise.all([signUp(test.client, 'mea'), signUp(test.client, 'meb')]);
    const [ra, rb] = await Promise.all([
      test.client.request(MeDocument, {}, { token: a.token }),
      test.client.request(MeDocument, {}, { token: b.token }),
    ]);
    expect(ra.data?.me?.id).toBe(a.id);
    expect(rb.data?.me?.id).toBe(b.id);
  });

  it.each([
    ['IDENTITY_VERIFIER', () => verifierToken],
    ['CREDIT_BUREAU', () => bureauToken],
  ])('is null, without an error, for a %s service token', async (_role, token) => {
    const result = await test.client.request(MeDocument, {}, { token: token() });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ me: null });
  });

  it('refuses an anonymous request and a broken token with UNAUTHENTICATED', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const result = await test.client.request(MeDocument, {}, { token });
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.data?.me ?? null).toBeNull();
    }
  });
});

describe('user(handle)', () => {
  let viewer: Person;
  let target: Person;
  beforeAll(async () => {
    [viewer, target] = await Promise.all([signUp(test.client, 'viewer'), signUp(test.client, 'target', '张 伟')]);
  });

  it('finds a person by handle in any case, look-alike form or surrounding spaces', async () => {
    const variants = [
      target.handle,
      target.handle.toUpperCase(),
      target.handle[0]!.toUpperCase() + target.handle.slice(1),
      fullWidth(target.handle),
      `  ${target.handle}  `,
    ];
    for (const handle of variants) {
      const result = await test.client.request(UserByHandleDocument, { handle }, { token: viewer.token });
      expect(result.errors, handle).toBeUndefined();
      expect(result.data!.user?.id, handle).toBe(target.id);
      expect(result.data!.user?.handle).toBe(target.handle);
    }
  });

  it('shows another signed-in person the real name, but not the owner-only fields', async () => {
    const result = await test.client.request(UsersExtraProfileDocument, { handle: target.handle }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    const stored = await storedUser(target.id);
    expect(result.data!.user).toMatchObject({
      id: target.id,
      handle: target.handle,
      realName: stored!.realName,
      verified: false,
      scoreVisibility: null,
      creditHistory: null,
    });
    expect(stored!.realName).toBe('张 伟');
  });

  it('shows the owner their own owner-only fields when they look themselves up', async () => {
    const result = await test.client.request(UsersExtraProfileDocument, { handle: target.handle.toUpperCase() }, { token: target.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.user).toMatchObject({ id: target.id, scoreVisibility: 'BAND_ONLY', creditHistory: { edges: [] } });
  });

  it('lets a service look a person up (without owner-only fields)', async () => {
    const result = await test.client.request(UsersExtraProfileDocument, { handle: target.handle }, { token: verifierToken });
    expect(result.errors).toBeUndefined();
    expect(result.data!.user).toMatchObject({ id: target.id, scoreVisibility: null, creditHistory: null });
  });

  it('is null, without an error, for a well-formed handle nobody has', async () => {
    const handle = uniqueHandle('nobody');
    const result = await test.client.request(UserByHandleDocument, { handle }, { token: viewer.token });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ user: null });
    expect(await countUsers(test.database, handle)).toBe(0);
  });

  it.each([
    ['too short', 'ab'],
    ['starting with a digit', '9lives'],
    ['with a space', 'has space'],
    ['too long', 'a'.repeat(31)],
    ['empty', ''],
    ['with punctuation', "robert'); DROP"],
    ['with a hyphen', 'wang-fang'],
  ])('refuses a handle %s with BAD_USER_INPUT naming the field', async (_name, handle) => {
    const result = await test.client.request(UserByHandleDocument, { handle }, { token: viewer.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(firstError(result).extensions!.field).toBe('handle');
    expect(firstError(result).message).toMatch(/handle must be 3 to 30 characters/);
    expect(result.data?.user ?? null).toBeNull();
  });

  it('refuses anonymous look-ups with UNAUTHENTICATED, revealing nothing', async () => {
    const result = await test.client.request(UsersExtraProfileDocument, { handle: target.handle });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data?.user ?? null).toBeNull();
    expect(JSON.stringify(result)).not.toContain('张 伟');
  });
});

describe('updateProfile', () => {
  it('sets a bio (trimmed, newlines kept) and changes nothing else', async () => {
    const person = await signUp(test.client, 'bio');
    const before = await storedUser(person.id);
    const result = await test.client.request(
      UpdateProfileDocument,
      { input: { bio: '  泡茶, hiking\nand weiqi.  ' } },
      { token: person.token },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile).toEqual({
      handle: person.handle,
      realName: before!.realName,
      verified: false,
      bio: '泡茶, hiking\nand weiqi.',
      scoreVisibility: 'BAND_ONLY',
    });
    const after = await storedUser(person.id);
    expect(after).toEqual({ ...before, bio: '泡茶, hiking\nand weiqi.' });
    const me = await test.client.request(MeDocument, {}, { token: person.token });
    expect(me.data!.me!.bio).toBe('泡茶, hiking\nand weiqi.');
  });

  it('keeps the invisible characters writing needs: joiners in emoji and scripts, variation selectors, flag tags', async () => {
    const person = await signUp(test.client, 'scripts');
    const realName = '王\u3000芳';
    const bio = `👨\u200D👩\u200D👧 👍🏽 🇨🇳 \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} 1️⃣\nمی\u200Cخواهم क्\u200Dष`;
    const result = await test.client.request(UpdateProfileDocument, { input: { realName, bio } }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(await storedUser(person.id)).toMatchObject({ realName, bio });
  });

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['only spaces', '   \n '],
  ])('clears the bio when sent %s', async (_name, bio) => {
    const person = await signUp(test.client, 'clear');
    await test.client.request(UpdateProfileDocument, { input: { bio: 'Something to clear' } }, { token: person.token });
    expect((await storedUser(person.id))!.bio).toBe('Something to clear');
    const result = await test.client.request(UpdateProfileDocument, { input: { bio } }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile.bio).toBeNull();
    expect((await storedUser(person.id))!.bio ?? null).toBeNull();
    const me = await test.client.request(MeDocument, {}, { token: person.token });
    expect(me.data!.me!.bio).toBeNull();
  });

  it('changes only the fields sent: omitting bio keeps it', async () => {
    const person = await signUp(test.client, 'partial');
    await test.client.request(UpdateProfileDocument, { input: { bio: 'Keep me' } }, { token: person.token });
    const before = await storedUser(person.id);
    const result = await test.client.request(UpdateProfileDocument, { input: { scoreVisibility: 'PRIVATE' } }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile).toMatchObject({ bio: 'Keep me', scoreVisibility: 'PRIVATE', realName: before!.realName });
    expect(await storedUser(person.id)).toEqual({ ...before, scoreVisibility: 'PRIVATE' });
  });

  it('accepts an empty input and changes nothing', async () => {
    const person = await signUp(test.client, 'noop');
    const before = await storedUser(person.id);
    const result = await test.client.request(UpdateProfileDocument, { input: {} }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile.handle).toBe(person.handle);
    expect(await storedUser(person.id)).toEqual(before);
  });

  it('accepts a bio of exactly 500 characters, counting characters rather than bytes', async () => {
    const person = await signUp(test.client, 'longbio');
    const bio = '茶🍵'.repeat(250);
    expect([...bio]).toHaveLength(500);
    const result = await test.client.request(UpdateProfileDocument, { input: { bio } }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile.bio).toBe(bio);
    expect((await storedUser(person.id))!.bio).toBe(bio);
  });

  it.each(['PUBLIC', 'BAND_ONLY', 'CONNECTIONS_ONLY', 'PRIVATE'] as const)('sets scoreVisibility to %s', async (scoreVisibility) => {
    const person = await signUp(test.client, 'vis');
    // Start from a different value so the change is observable for every target value.
    const start = scoreVisibility === 'PRIVATE' ? 'PUBLIC' : 'PRIVATE';
    await test.client.request(UpdateProfileDocument, { input: { scoreVisibility: start } }, { token: person.token });
    expect((await storedUser(person.id))!.scoreVisibility).toBe(start);
    const result = await test.client.request(UpdateProfileDocument, { input: { scoreVisibility } }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile.scoreVisibility).toBe(scoreVisibility);
    expect((await storedUser(person.id))!.scoreVisibility).toBe(scoreVisibility);
    const me = await test.client.request(MeDocument, {}, { token: person.token });
    expect(me.data!.me!.scoreVisibility).toBe(scoreVisibility);
  });

  it('changes the real name (trimmed) and resets verified to false', async () => {
    const person = await signUp(test.client, 'rename', 'Old Name');
    const verified = await test.client.request(VerifyRealNameDocument, { handle: person.handle }, { token: verifierToken });
    expect(verified.data?.verifyRealName.verified).toBe(true);
    expect((await storedUser(person.id))!.verified).toBe(true);

    const result = await test.client.request(UpdateProfileDocument, { input: { realName: '   New  Name  ' } }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile).toMatchObject({ realName: 'New  Name', verified: false });
    const stored = await storedUser(person.id);
    expect(stored).toMatchObject({ realName: 'New  Name', verified: false });

    const other = await signUp(test.client, 'seer');
    const seen = await test.client.request(UserByHandleDocument, { handle: person.handle }, { token: other.token });
    expect(seen.data!.user).toMatchObject({ realName: 'New  Name', verified: false });
  });

  it('keeps verified when the "new" real name is the same one (after trimming and Unicode normalisation)', async () => {
    const person = await signUp(test.client, 'samename', 'José Ñúñez');
    await test.client.request(VerifyRealNameDocument, { handle: person.handle }, { token: verifierToken });
    // The same name, decomposed (NFD) and padded: not a change once normalised.
    const same = `  ${'José Ñúñez'.normalize('NFD')} `;
    expect(same.trim()).not.toBe('José Ñúñez');
    const result = await test.client.request(UpdateProfileDocument, { input: { realName: same } }, { token: person.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile).toMatchObject({ realName: 'José Ñúñez'.normalize('NFC'), verified: true });
    expect(await storedUser(person.id)).toMatchObject({ realName: 'José Ñúñez'.normalize('NFC'), verified: true });
  });

  it("changes only the caller's own profile", async () => {
    const [a, b] = await Promise.all([signUp(test.client, 'owna'), signUp(test.client, 'ownb')]);
    const beforeB = await storedUser(b.id);
    await test.client.request(UpdateProfileDocument, { input: { bio: 'Only mine', realName: 'Someone New', scoreVisibility: 'PUBLIC' } }, { token: a.token });
    expect(await storedUser(b.id)).toEqual(beforeB);
    expect(await storedUser(a.id)).toMatchObject({ bio: 'Only mine', realName: 'Someone New', scoreVisibility: 'PUBLIC' });
  });

  describe('refuses bad input with BAD_USER_INPUT naming the field, and changes nothing', () => {
    let person: Person;
    beforeAll(async () => {
      person = await signUp(test.client, 'badinput', 'Stays Put');
      await test.client.request(UpdateProfileDocument, { input: { bio: 'Original bio', scoreVisibility: 'CONNECTIONS_ONLY' } }, { token: person.token });
      await test.client.request(VerifyRealNameDocument, { handle: person.handle }, { token: verifierToken });
    });

    let before: Record<string, unknown> | undefined;
    beforeEach(async () => {
      before = await storedUser(person.id);
      expect(before).toMatchObject({ realName: 'Stays Put', bio: 'Original bio', scoreVisibility: 'CONNECTIONS_ONLY', verified: true });
    });

    const cases: Array<[string, string, UpdateProfileInput]> = [
      ['a bio over 500 characters', 'bio', { bio: 'x'.repeat(501) }],
      ['a bio over 500 characters (multi-byte)', 'bio', { bio: '茶'.repeat(501) }],
      ['a bio with a control character', 'bio', { bio: 'ring the bell \u0007' }],
      ['a bio with a NUL character', 'bio', { bio: 'nul \u0000 here' }],
      ['a bio with a bidi override', 'bio', { bio: 'evil \u202E txt.exe' }],
      ['a blank real name', 'realName', { realName: '   ' }],
      ['an empty real name', 'realName', { realName: '' }],
      ['a real name over 100 characters', 'realName', { realName: 'x'.repeat(101) }],
      ['a real name with a newline', 'realName', { realName: 'Wang\nFang' }],
      ['a real name with a tab', 'realName', { realName: 'Wang\tFang' }],
      ['a real name with a zero-width space', 'realName', { realName: 'Wang\u200BFang' }],
      ['a bad real name next to a good bio', 'realName', { bio: 'A fine bio', realName: '  ' }],
      ['a bad bio next to a good real name and visibility', 'bio', { bio: 'y'.repeat(501), realName: 'Fine Name', scoreVisibility: 'PUBLIC' }],
    ];
    it.each(cases)('%s', async (_name, field, input) => {
      const result = await test.client.request(UpdateProfileDocument, { input }, { token: person.token });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(firstError(result).extensions!.field).toBe(field);
      expect(firstError(result).message).toContain(field);
      expect(result.data?.updateProfile ?? null).toBeNull();
      expect(await storedUser(person.id)).toEqual(before);
    });

    // Issue 12: characters that show as nothing are refused by class, and the refusal names
    // the one at fault by its code point, so that a person can find and remove it.
    it.each([
      ['a soft hyphen', 'realName', { realName: 'Wang\u00ADFang' }, 'U+00AD, an invisible formatting character'],
      ['a Hangul filler between names', 'realName', { realName: 'Wang\u3164Fang' }, 'U+3164, a character that shows as nothing or as blank space'],
      ['a Hangul filler for a whole name', 'realName', { realName: '\u3164' }, 'U+3164, a character that shows as nothing or as blank space'],
      ['a line separator in a name', 'realName', { realName: 'Wang\u2028Fang' }, 'U+2028, a line or paragraph separator'],
      ['hidden tag characters in a bio', 'bio', { bio: 'hello\u{E0069}\u{E0067}\u{E006E}' }, 'U+E0069, a tag character'],
    ])('a real name or bio with %s, named by its code point', async (_name, field, input, named) => {
      const result = await test.client.request(UpdateProfileDocument, { input }, { token: person.token });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(firstError(result).extensions!.field).toBe(field);
      expect(firstError(result).message).toContain(`${field} contains ${named}`);
      expect(result.data?.updateProfile ?? null).toBeNull();
      expect(await storedUser(person.id)).toEqual(before);
    });

    it('an unknown scoreVisibility value', async () => {
      const result = await test.client.raw(
        { query: 'mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { scoreVisibility } }', variables: { input: { scoreVisibility: 'EVERYONE' } } },
        { token: person.token },
      );
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(await storedUser(person.id)).toEqual(before);
    });
  });

  it('refuses service tokens with FORBIDDEN (a service has no profile) and changes nothing', async () => {
    const person = await signUp(test.client, 'svcprof');
    const before = await storedUser(person.id);
    for (const token of [verifierToken, bureauToken]) {
      const result = await test.client.request(UpdateProfileDocument, { input: { bio: 'From a service', scoreVisibility: 'PUBLIC' } }, { token });
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
      expect(result.data?.updateProfile ?? null).toBeNull();
    }
    expect(await storedUser(person.id)).toEqual(before);
  });

  it('refuses anonymous requests with UNAUTHENTICATED', async () => {
    const result = await test.client.request(UpdateProfileDocument, { input: { bio: 'Anonymous' } });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data?.updateProfile ?? null).toBeNull();
  });
});

describe('verifyRealName', () => {
  it('lets an IDENTITY_VERIFIER mark a real name verified, by handle in any case', async () => {
    const person = await signUp(test.client, 'verify', '王 芳');
    const before = await storedUser(person.id);
    expect(before!.verified).toBe(false);
    expect(before!.verifiedAt ?? null).toBeNull();

    const result = await test.client.request(VerifyRealNameDocument, { handle: person.handle.toUpperCase() }, { token: verifierToken });
    expect(result.errors).toBeUndefined();
    expect(result.data!.verifyRealName).toMatchObject({ id: person.id, handle: person.handle, realName: '王 芳', verified: true, scoreVisibility: null });

    const after = await storedUser(person.id);
    expect(after!.verified).toBe(true);
    expect(after!.verifiedAt).toBeInstanceOf(Date);
    expect(Math.abs((after!.verifiedAt as Date).getTime() - Date.now())).toBeLessThan(60_000);
    // Nothing else about the person changes but their notification counts: a notification tells them (notifications.test.ts).
    const { verified: _v, verifiedAt: _va, unreadNotifications: unread, unreadFilteredNotifications: _uf, notificationCount: all, filteredNotificationCount: _f, ...rest } = after!;
    expect([unread, all]).toEqual([1, 1]);
    const { verified: _bv, verifiedAt: _bva, ...restBefore } = before!;
    expect(rest).toEqual(restBefore);

    const other = await signUp(test.client, 'seesverif');
    const seen = await test.client.request(UserByHandleDocument, { handle: person.handle }, { token: other.token });
    expect(seen.data!.user!.verified).toBe(true);
    const me = await test.client.request(MeDocument, {}, { token: person.token });
    expect(me.data!.me!.verified).toBe(true);
  });

  it('can be repeated: the person stays verified', async () => {
    const person = await signUp(test.client, 'reverify');
    for (let i = 0; i < 2; i++) {
      const result = await test.client.request(VerifyRealNameDocument, { handle: person.handle }, { token: verifierToken });
      expect(result.errors).toBeUndefined();
      expect(result.data!.verifyRealName.verified).toBe(true);
    }
    expect((await storedUser(person.id))!.verified).toBe(true);
  });

  it.each([
    ['a USER token (even for their own handle)', 'self'],
    ['a USER token for someone else', 'other'],
    ['a CREDIT_BUREAU token', 'bureau'],
  ])('refuses %s with FORBIDDEN and changes nothing', async (_name, who) => {
    const person = await signUp(test.client, 'noverify');
    const other = await signUp(test.client, 'intruder');
    const token = who === 'self' ? person.token : who === 'other' ? other.token : bureauToken;
    const before = await storedUser(person.id);
    const result = await test.client.request(VerifyRealNameDocument, { handle: person.handle }, { token });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.data?.verifyRealName ?? null).toBeNull();
    expect(await storedUser(person.id)).toEqual(before);
    expect(before!.verified).toBe(false);
  });

  it('answers NOT_FOUND for a handle nobody has, and creates no one', async () => {
    const handle = uniqueHandle('ghost');
    const result = await test.client.request(VerifyRealNameDocument, { handle }, { token: verifierToken });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(firstError(result).message).toContain(handle);
    expect(await countUsers(test.database, handle)).toBe(0);
  });

  it('refuses a malformed handle with BAD_USER_INPUT naming the field', async () => {
    const result = await test.client.request(VerifyRealNameDocument, { handle: 'no way!' }, { token: verifierToken });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(firstError(result).extensions!.field).toBe('handle');
  });

  it('refuses anonymous requests with UNAUTHENTICATED and changes nothing', async () => {
    const person = await signUp(test.client, 'anonverify');
    const result = await test.client.request(VerifyRealNameDocument, { handle: person.handle });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect((await storedUser(person.id))!.verified).toBe(false);
  });
});

describe('anonymous access', () => {
  let someone: Person;
  beforeAll(async () => {
    someone = await signUp(test.client, 'anonquery');
  });

  const queries: Array<[string, () => Promise<Result<unknown>>]> = [
    ['me', () => test.client.request(MeDocument, {})],
    ['user', () => test.client.request(UserByHandleDocument, { handle: someone.handle })],
    ['user (unknown handle)', () => test.client.request(UserByHandleDocument, { handle: uniqueHandle('nobody') })],
    ['user (malformed handle)', () => test.client.request(UserByHandleDocument, { handle: '!!' })],
    ['interests', () => test.client.request(InterestsDocument, {})],
    ['interests (with search)', () => test.client.request(InterestsDocument, { search: 'tea', first: 5 })],
  ];
  it.each(queries)('refuses %s with UNAUTHENTICATED and returns nothing', async (_name, run) => {
    const result = await run();
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    // Nullable fields come back null, non-null ones null out `data`: either way, nothing.
    expect(Object.values((result.data ?? {}) as Record<string, unknown>).every((value) => value === null)).toBe(true);
  });

  it('refuses every query field in one document, each with UNAUTHENTICATED', async () => {
    const result = await test.client.raw<{ me: unknown; user: unknown }>({
      query: 'query ($h: String!) { me { id } user(handle: $h) { id realName } interests { edges { node { slug } } } }',
      variables: { h: someone.handle },
    });
    const codes = errorCodes(result);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(codes)).toEqual(new Set(['UNAUTHENTICATED']));
    expect(JSON.stringify(result.data ?? null)).not.toContain(someone.id);
  });
});
