/**
 * How live events travel. In-process by default; with REDIS_URL every instance publishes
 * to and hears from Redis, so an event raised on one instance reaches subscribers on all.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Channels, LivePubSub } from './events.js';

export interface LiveTransport {
  pubSub: LivePubSub;
  /** Where events travel: `memory` or `redis`. */
  transport: 'memory' | 'redis';
  close(): Promise<void>;
}

export function createLiveTransport(redisUrl: string | undefined, log: Logger): LiveTransport {
  if (!redisUrl) return { pubSub: createPubSub<Channels>(), transport: 'memory', close: async () => {} };
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
    pubSub: createPubSub<Channels>({ eventTarget }),
    transport: 'redis',
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
