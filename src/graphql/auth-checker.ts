import type { AuthCheckerFn } from 'type-graphql';
import type { Role } from '../auth/roles.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { Context } from './context.js';

/**
 * `@Authorized()` needs a signed-in principal; `@Authorized(Role.X, …)` needs one of
 * those roles. Failures say what was missing, with the contract's codes.
 */
export const authChecker: AuthCheckerFn<Context, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer) throw context.authError ?? unauthenticated();
  if (roles.length > 0 && !roles.some((role) => viewer.roles.includes(role))) {
    throw forbidden(`This needs the ${roles.join(' or ')} role; your token has ${viewer.roles.join(', ')}.`);
  }
  return true;
};
