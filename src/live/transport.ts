/**
 * Live events between resolvers and subscriptions. In-process by default; with
 * REDIS_URL every instance publishes to and hears from Redis, so an event raised on one
 * instance reaches subscribers on all of them.
 *
 * Payloads are plain JSON (dates as ISO strings): they cross Redis unchanged.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub as createYogaPubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Every topic. Each is published per id: a circle's id, or a person's id. */
export enum Topic {
  /** Things that happen in a circle: posts added, edited, deleted; members joined, left. */
  CircleActivity = 'circle-activity',
  /** Things for one person's live sessions: connection requests to them. */
  UserEvents = 'user-events',
  /** Every block and unblock, so live subscriptions stop (or resume) showing people at once. */
  BlockChanges = 'block-changes',
  /** Accounts closed (suspended, deleted) or reopened: every instance refuses their tokens at once. */
  AccountChanges = 'account-changes',
}

export interface PostSnapshot {
  id: string;
  body: string;
  authorId: string;
  circleId: string;
  createdAt: string;
  editedAt: string | null;
}

export type CircleEvent =
  | { kind: 'POST_ADDED' | 'POST_EDITED'; circleId: string; at: string; actorId: string; post: PostSnapshot }
  | { kind: 'POST_DELETED'; circleId: string; at: string; actorId: string; postId: string; authorId: string }
  | { kind: 'MEMBER_JOINED' | 'MEMBER_LEFT' | 'MEMBER_BANNED'; circleId: string; at: string; actorId: string; userId: string };

export type UserEvent = { kind: 'CONNECTION_REQUEST'; fromId: string; toId: string; message: string; createdAt: string };

export interface AccountChange {
  userId: string;
  /** True when the account was suspended or deleted; false when reinstated. */
  closed: boolean;
}

export interface BlockChange {
  blockerId: string;
  blockedId: string;
  /** True for a new block, false for a lifted one. */
  blocked: boolean;
}

type Channels = {
  [Topic.CircleActivity]: [circleId: string, event: CircleEvent];
  [Topic.UserEvents]: [userId: string, event: UserEvent];
  [Topic.BlockChanges]: [change: BlockChange];
  [Topic.AccountChanges]: [change: AccountChange];
};

export type QuanziPubSub = ReturnType<typeof createYogaPubSub<Channels>>;

export interface PubSubHandle {
  pubSub: QuanziPubSub;
  /** Where events travel: `memory` or `redis`. */
  transport: 'memory' | 'redis';
  close(): Promise<void>;
}

export function createPubSub(redisUrl: string | undefined, log: Logger): PubSubHandle {
  if (!redisUrl) return { pubSub: createYogaPubSub<Channels>(), transport: 'memory', close: async () => {} };
  // Publishing does not queue while Redis is away (events then are lost, writes still
  // succeed); subscribing keeps its queue so ioredis resubscribes when Redis returns.
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // No ready check on the subscriber: ioredis may otherwise send SUBSCRIBE during its
  // handshake, fail its INFO check in subscriber mode and reconnect without resubscribing.
  const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: true, enableReadyCheck: false });
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (error) => log.warn({ err: error }, 'redis connection problem; retrying'));
  }
  // The event target calls publish and (un)subscribe without handling failure; while Redis
  // is away, or as we shut down, that would be an unhandled rejection.
  const loggedFailures = (client: Redis, method: 'publish' | 'subscribe' | 'unsubscribe') => {
    const original = (client[method] as (...args: string[]) => Promise<unknown>).bind(client);
    (client as unknown as Record<string, unknown>)[method] = (...args: string[]) =>
      original(...args).catch((error: unknown) => log.warn({ err: error, channel: args[0] }, `redis ${method} failed; live events may be lost`));
  };
  loggedFailures(publishClient, 'publish');
  loggedFailures(subscribeClient, 'subscribe');
  loggedFailures(subscribeClient, 'unsubscribe');
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  return {
    pubSub: createYogaPubSub<Channels>({ eventTarget }),
    transport: 'redis',
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
