/**
 * Checking someone's password, wherever it is asked for (logIn, deleteMyAccount,
 * changePassword), under one set of attempt limits (password-attempts.rules.ts).
 */
import type { Context } from '../graphql/context.js';
import { credentialsByHandle } from './auth.repository.js';
import { PasswordAttempts } from './password-attempts.js';
import { verifyPassword } from './passwords.js';

/**
 * The account's id when `password` is this handle's, null when not (or no such handle).
 * Refused with RATE_LIMITED, before any hashing, while this address may not try. Unknown
 * handles are checked against a decoy hash: the same work, the same answer.
 */
export async function provePassword(ctx: Context, handle: string, password: string): Promise<{ id: string } | null> {
  const attempts = new PasswordAttempts(ctx.app.rateLimiter);
  await attempts.before(handle, ctx.clientAddress);
  const credentials = await credentialsByHandle(ctx.db, handle);
  const matches = await verifyPassword(password, credentials?.passwordHash ?? (await ctx.app.decoyPasswordHash));
  if (!credentials || !matches) {
    await attempts.failed(handle, ctx.clientAddress);
    return null;
  }
  await attempts.succeeded(handle, ctx.clientAddress);
  return { id: credentials.id };
}
