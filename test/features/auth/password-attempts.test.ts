/**
 * Wrong passwords lock out whoever guesses, not the owner (src/auth/password-attempts.rules.ts):
 * counted per handle and address (FAILED_LOGINS_PER_HANDLE, here 3), and per handle from all
 * addresses (FAILED_LOGINS_PER_HANDLE_ALL_ADDRESSES, here 6), past which only addresses the
 * owner logged in from before may still try. logIn, deleteMyAccount and changePassword share
 * the counts. TRUST_PROXY lets each test speak from addresses of its own.
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { AcctDeleteMyAccountDocument, ChangePasswordDocument, LogInDocument } from '../../generated/graphql.js';
import { errorCodes, type Result } from '../../helpers/client.js';
import { countUsers, PASSWORD, signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests({ FAILED_LOGINS_PER_HANDLE: '3', FAILED_LOGINS_PER_HANDLE_ALL_ADDRESSES: '6', TRUST_PROXY: 'true' });

const newAddress = () => `10.${[...randomBytes(3)].join('.')}`;
const from = (address: string, token?: string) => ({ headers: { 'x-forwarded-for': address }, token });
const logIn = (handle: string, password: string, address: string) =>
  test.client.request(LogInDocument, { input: { handle, password } }, from(address));

function expectLockedOut(result: Result<unknown>, message: RegExp, what = ''): void {
  expect(errorCodes(result), `${what} ${JSON.stringify(result.errors)}`).toEqual(['RATE_LIMITED']);
  expect(result.errors![0]!.message).toMatch(message);
  expect(result.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
}

function expectLoggedIn(result: Result<{ logIn: { user: { id: string } } }>, person: Person, what = ''): void {
  expect(result.errors, `${what} ${JSON.stringify(result.errors)}`).toBeUndefined();
  expect(result.data?.logIn.user.id).toBe(person.id);
}

async function guess(handle: string, address: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const wrong = await logIn(handle, `wrong guess ${i} ${address}`, address);
    expect(errorCodes(wrong), `guess ${i}`).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0]!.extensions!.reason).toBe('WRONG_CREDENTIALS');
  }
}

describe('log-in lock-outs', () => {
  let owner: Person;
  beforeEach(async () => {
    owner = await signUp(test.client, 'lockowner');
  });

  it("lock out the guessing address, even with the right password, and never the owner's", async () => {
    const stranger = newAddress();
    await guess(owner.handle, stranger, 3);
    expectLockedOut(await logIn(owner.handle, PASSWORD, stranger), /from your address; try again in \d+ min/, 'the stranger, right password');
    // Written another way, the handle is the same handle.
    expectLockedOut(await logIn(owner.handle.toUpperCase(), PASSWORD, stranger), /from your address/);
    // The owner, from wherever they are, is not locked out.
    expectLoggedIn(await logIn(owner.handle, PASSWORD, newAddress()), owner, 'the owner');
  });

  it('lock out for 15 minutes the first time', async () => {
    const stranger = newAddress();
    await guess(owner.handle, stranger, 3);
    const refused = await logIn(owner.handle, 'one more guess', stranger);
    const retry = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
  });

  it('under guesses from many addresses, refuse new addresses but let the owner in from one they used before', async () => {
    const home = newAddress();
    expectLoggedIn(await logIn(owner.handle, PASSWORD, home), owner, 'the owner at home, before the attack');
    // Six addresses, one guess each: no address reaches 3, the handle reaches 6.
    for (let i = 0; i < 6; i++) await guess(owner.handle, newAddress(), 1);
    expectLockedOut(await logIn(owner.handle, PASSWORD, newAddress()), /from many places/, 'a new address, right password');
    expectLoggedIn(await logIn(owner.handle, PASSWORD, home), owner, 'the owner at home');
  });

  it('does not count successful log-ins', async () => {
    const address = newAddress();
    for (let i = 0; i < 5; i++) expectLoggedIn(await logIn(owner.handle, PASSWORD, address), owner, `log-in ${i}`);
  });
});

describe('passwords asked for again share the log-in counts', () => {
  let owner: Person;
  beforeEach(async () => {
    owner = await signUp(test.client, 'lockagain');
  });

  it('deleteMyAccount: after 3 wrong passwords the 4th try is refused before hashing, even the right one, and nothing is deleted', async () => {
    const address = newAddress();
    const remove = (password: string) => test.client.request(AcctDeleteMyAccountDocument, { password }, from(address, owner.token));
    for (let i = 0; i < 3; i++) {
      const wrong = await remove(`not my password ${i}`);
      expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
      expect(wrong.errors![0]!.extensions!.reason).toBe('WRONG_CREDENTIALS');
    }
    expectLockedOut(await remove(PASSWORD), /from your address/);
    expect(await countUsers(test.database, owner.handle)).toBe(1);
    // The guesses count for log-in from that address too.
    expectLockedOut(await logIn(owner.handle, PASSWORD, address), /from your address/);
  });

  it('changePassword: wrong current passwords count, then it is refused, and the password stays', async () => {
    const address = newAddress();
    const change = (current: string) =>
      test.client.request(ChangePasswordDocument, { currentPassword: current, newPassword: 'a brand new passphrase' }, from(address, owner.token));
    await guess(owner.handle, address, 2);
    const wrong = await change('still not it');
    expect(wrong.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_CREDENTIALS' });
    expectLockedOut(await change(PASSWORD), /from your address/);
    expectLoggedIn(await logIn(owner.handle, PASSWORD, newAddress()), owner, 'the unchanged password');
  });
});
