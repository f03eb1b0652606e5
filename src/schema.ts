import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth/auth-checker.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { CreditResolver, UserCreditResolver } from './credit/credit.resolver.js';
import { InterestsResolver, UserInterestsResolver } from './interests/interests.resolver.js';
import { UsersResolver } from './users/users.resolver.js';

/** Every resolver class, feature by feature. */
export const RESOLVERS: NonEmptyArray<Function> = [
  AuthResolver,
  UsersResolver,
  UserCreditResolver,
  CreditResolver,
  InterestsResolver,
  UserInterestsResolver,
];

export function buildQuanziSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Dates travel as ISO-8601 strings (graphql-scalars' DateTime).
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  });
}
