/**
 * Opening and closing accounts without a database: the sign-up checks
 * (src/auth/auth.inputs.ts) and who may delete an account, in what state, and what a
 * suspension says (src/auth/accounts.rules.ts).
 */
import { describe, expect, it } from 'vitest';
import { deletionRefusal, strandedCirclesRefusal, suspensionReason } from '../../src/auth/accounts.rules.js';
import { checkPassword, checkSignUp } from '../../src/auth/auth.inputs.js';
import { thrownBy } from '../helpers/app-error.js';

const SIGN_UP = { handle: 'wang_fang', realName: 'Wang Fang', password: 'correct horse battery' };

describe('checkSignUp', () => {
  it('normalises the handle and the name, and keeps the password exactly as typed', () => {
    expect(checkSignUp({ handle: ' Ｗang_Fang ', realName: '  Wang Fang ', password: ' spaces count ' })).toEqual({
      handle: 'wang_fang',
      realName: 'Wang Fang',
      password: ' spaces count ',
    });
  });

  it.each([
    ['a malformed handle', { handle: '9lives' }, 'handle', /^handle must be 3 to 30 characters/],
    ['an empty real name', { realName: '   ' }, 'realName', /^realName must be 1 to 100 characters long \(after trimming spaces\); got 0\.$/],
    ['a real name over 100 characters', { realName: '王'.repeat(101) }, 'realName', /got 101\.$/],
    ['a real name over two lines', { realName: 'Wang\nFang' }, 'realName', /^realName contains U\+000A, a line break or tab, and this field is a single line;/],
    ['a short password', { password: 'too short' }, 'password', /^password must be 10 to 200 characters long; got 9\.$/],
  ])('refuses %s', (_, change, field, message) => {
    expect(thrownBy(() => checkSignUp({ ...SIGN_UP, ...change }))).toMatchObject({ code: 'BAD_USER_INPUT', field, message: expect.stringMatching(message) });
  });

  it('checks the handle, then the name, then the password', () => {
    const allWrong = { handle: 'x', realName: '', password: '' };
    expect(thrownBy(() => checkSignUp(allWrong)).field).toBe('handle');
    expect(thrownBy(() => checkSignUp({ ...allWrong, handle: 'li_na' })).field).toBe('realName');
    expect(thrownBy(() => checkSignUp({ ...allWrong, handle: 'li_na', realName: 'Li Na' })).field).toBe('password');
  });
});

describe('checkPassword', () => {
  it.each([
    ['10 characters', 'a'.repeat(10)],
    ['200 characters', 'a'.repeat(200)],
    ['10 emoji (20 UTF-16 units, 10 characters)', '🔑'.repeat(10)],
    ['only spaces (not trimmed)', ' '.repeat(10)],
  ])('accepts %s', (_, password) => {
    expect(checkPassword(password)).toBe(password);
  });

  it.each([
    ['9 characters', 'a'.repeat(9), 9],
    ['201 characters', 'a'.repeat(201), 201],
    ['9 emoji (18 UTF-16 units)', '🔑'.repeat(9), 9],
    ['nothing', '', 0],
  ])('refuses %s', (_, password, length) => {
    expect(thrownBy(() => checkPassword(password))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'password',
      message: `password must be 10 to 200 characters long; got ${length}.`,
    });
  });
});

describe('deletionRefusal', () => {
  it('deletes with the right password', () => {
    expect(deletionRefusal(true)).toBeNull();
  });

  it('refuses without it', () => {
    const error = deletionRefusal(false)!;
    expect([error.extensions.code, error.message]).toEqual(['UNAUTHENTICATED', 'That is not your password; nothing was deleted.']);
  });
});

describe('strandedCirclesRefusal', () => {
  it('deletes someone who strands no circle', () => {
    expect(strandedCirclesRefusal([])).toBeNull();
  });

  it.each([
    [['Tea lovers'], 'You are the only owner of Tea lovers; make another member an owner first (setMemberRole).'],
    [['Go club', 'Tea lovers'], 'You are the only owner of Go club, Tea lovers; make another member an owner first (setMemberRole).'],
  ])('refuses while circles %j would be left without an owner', (names, message) => {
    const error = strandedCirclesRefusal(names)!;
    expect([error.extensions.code, error.message]).toEqual(['CONFLICT', message]);
  });
});

describe('suspensionReason', () => {
  it.each([
    ['one character', 'x', 'x'],
    ['500 characters', 'r'.repeat(500), 'r'.repeat(500)],
    ['several lines, trimmed', '  Spam.\nRepeated after warnings.  ', 'Spam.\nRepeated after warnings.'],
  ])('accepts %s', (_, reason, stored) => {
    expect(suspensionReason(reason)).toBe(stored);
  });

  it.each([
    ['nothing', '   ', 0],
    ['501 characters', 'r'.repeat(501), 501],
  ])('refuses %s', (_, reason, length) => {
    expect(thrownBy(() => suspensionReason(reason))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'reason',
      message: `reason must be 1 to 500 characters long (after trimming spaces); got ${length}.`,
    });
  });
});
