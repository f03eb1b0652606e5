import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../users/user.type.js';
import { Node } from '../graphql/node.js';

@ObjectType({ simpleResolvers: true, description: 'What logIn, signUp and refreshSession return.' })
export class AuthPayload {
  @Field(() => String, { description: 'The access token: send it as `Authorization: Bearer <token>` (HTTP) or in `connection_init` (WebSocket).' })
  token!: string;

  @Field(() => Date, { description: 'When `token` stops working (JWT_TTL_SECONDS after issue): refresh a little before.' })
  expiresAt!: Date;

  @Field(() => String, {
    description:
      'Gets the next access token from refreshSession, once: each refresh returns a new one and the old one is spent. ' +
      'A spent one used again ends the session. Keep it out of scripts and logs.',
  })
  refreshToken!: string;

  @Field(() => Date, { description: 'When the session ends if it is not refreshed before; each refresh moves it on.' })
  refreshTokenExpiresAt!: Date;

  @Field(() => ID, { description: 'This session, as `me.sessions` lists it.' })
  sessionId!: string;

  @Field(() => User)
  user!: User;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One of your signed-in sessions: one per log-in, renewed by refreshSession.' })
export class Session {
  @Field(() => ID)
  id!: string;

  @Field(() => Date, { description: 'When you logged in.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When it last got a new access token (log-in or refresh).' })
  lastUsedAt!: Date;

  @Field(() => Date, { description: 'When it ends unless refreshed before.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The client that logged in or last refreshed (its User-Agent).' })
  client!: string | null;

  @Field(() => Boolean, { description: 'The session this request was made with.' })
  current!: boolean;
}
