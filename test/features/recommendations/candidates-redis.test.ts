/**
 * Candidate lists with REDIS_URL: the API queues changes on a Redis Stream and a worker of
 * its own (`npm run candidates:worker` in production; here its parts, in the test process)
 * recomputes them. A change made while no worker runs waits in the stream; a batch a worker
 * read and never finished is delivered again, to the same worker when it restarts under its
 * name, or to another once the batch has been idle long enough. A real redis-server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { RedisStreamQueue } from '../../../src/recommendations/candidates.queue.js';
import { CandidateWorker } from '../../../src/recommendations/candidates.worker.js';
import { BlocksBlockDocument, RecoStrangersDocument, SetInterestsDocument } from '../../generated/graphql.js';
import { ok } from '../../helpers/client.js';
import { redisOrWarn, startInstalledRedis, type TestRedis } from '../../helpers/redis.js';
import { signUp, type Person } from '../../helpers/people.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { sleep, tag } from '../../helpers/util.js';

const REDIS_AVAILABLE = redisOrWarn(['redis-server is not installed, so nothing here proves that candidate-list changes survive a worker restart.']);
vi.setConfig({ testTimeout: 300_000 });

describe.runIf(REDIS_AVAILABLE)('candidate lists through a Redis Stream', () => {
  let redis: TestRedis;
  let api: TestServer;
  const workers: Array<{ close(): Promise<void> | void }> = [];

  beforeAll(async () => {
    redis = await startInstalledRedis();
    // The API only queues: the workers below recompute.
    api = await startTestServer({ REDIS_URL: redis.url, CANDIDATE_WORKER: 'off', NEO4J_TX_TIMEOUT_MS: '60000', REQUEST_DEADLINE_MS: '90000' });
  });
  // Each test starts its own workers: one left running would take the next test's batches.
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.close();
  });
  afterAll(async () => {
    await api?.close();
    await redis?.stop();
  });

  const log = () => createLogger({ ...api.config, logLevel: 'silent' });

  /** A worker as `npm run candidates:worker` runs one, named `consumer`. */
  function startWorker(consumer: string, claimIdleMs = 60_000) {
    const queue = new RedisStreamQueue(redis.url, log(), { consumer, claimIdleMs });
    const worker = new CandidateWorker(api.database, queue, log(), api.config.candidates);
    worker.start();
    const handle = { close: async () => (worker.close(), await queue.close()) };
    workers.push(handle);
    return handle;
  }

  /** A worker that reads a batch and never finishes it: stopped mid-batch, as by a crash. */
  function startStuckWorker(consumer: string) {
    const queue = new RedisStreamQueue(redis.url, log(), { consumer });
    let read = 0;
    queue.consume(() => {
      read += 1;
      return new Promise(() => {});
    });
    workers.push(queue);
    return { queue, read: () => read };
  }

  const drained = () => api.server.app.candidates.drained(120_000);

  async function storedIds(person: Person): Promise<{ ids: string[]; fresh: boolean } | undefined> {
    return api.database.forRequest().read((q) =>
      q.one<{ ids: string[]; fresh: boolean }>('MATCH (l:CandidateList {userId: $id}) RETURN l.ids AS ids, l.changes = l.computedChanges AS fresh', { id: person.id }),
    );
  }

  async function page(viewer: Person): Promise<string[]> {
    const data = await ok(api.client.request(RecoStrangersDocument, { first: 20 }, { token: viewer.token }));
    return data.strangerRecommendations.edges.map((edge) => edge.node.user.handle);
  }

  async function twoStrangers(): Promise<[Person, Person, string]> {
    const slug = `cand-${tag()}`;
    await api.database.forRequest().write((q) => q.rows('CREATE (:Interest {slug: $slug, name: $slug})', { slug }));
    const [viewer, other] = await Promise.all([signUp(api.client, 'candr'), signUp(api.client, 'candr')]);
    await ok(api.client.request(SetInterestsDocument, { slugs: [slug] }, { token: other!.token }));
    return [viewer!, other!, slug];
  }

  it('a change made while no worker runs waits in the stream, and reaches the list when one starts', async () => {
    const [viewer, other, slug] = await twoStrangers();
    const first = startWorker('restarting');
    expect(await page(viewer)).toEqual([]);
    await drained();
    expect(await storedIds(viewer)).toEqual({ ids: [], fresh: true });
    await first.close();

    await ok(api.client.request(SetInterestsDocument, { slugs: [slug] }, { token: viewer.token }));
    expect(await page(viewer)).toEqual([other.handle]); // ranked live while the list is marked
    await sleep(500);
    expect(await storedIds(viewer)).toEqual({ ids: [], fresh: false });

    startWorker('restarting');
    await drained();
    expect(await storedIds(viewer)).toEqual({ ids: [other.id], fresh: true });
  });

  it('a batch a worker read and never finished is delivered again when it restarts under its name', async () => {
    const [viewer, other, slug] = await twoStrangers();
    await ok(api.client.request(SetInterestsDocument, { slugs: [slug] }, { token: viewer.token }));
    const stuck = startStuckWorker('crashing');
    await vi.waitUntil(() => stuck.read() > 0, { timeout: 30_000, interval: 50 });
    await stuck.queue.close(); // the batch was never acknowledged
    expect((await storedIds(viewer))?.fresh).not.toBe(true);

    startWorker('crashing');
    await drained();
    expect(await storedIds(viewer)).toEqual({ ids: [other.id], fresh: true });
  });

  it("another worker claims a stopped worker's batch once it has been idle long enough", async () => {
    const [viewer, other, slug] = await twoStrangers();
    const stuck = startStuckWorker('gone-for-good');
    await ok(api.client.request(SetInterestsDocument, { slugs: [slug] }, { token: viewer.token }));
    await vi.waitUntil(() => stuck.read() > 0, { timeout: 30_000, interval: 50 });
    startWorker('rescuer', 1_000);
    await drained();
    expect(await storedIds(viewer)).toEqual({ ids: [other.id], fresh: true });

    await ok(api.client.request(BlocksBlockDocument, { handle: other.handle }, { token: viewer.token }));
    await drained();
    expect(await storedIds(viewer)).toEqual({ ids: [], fresh: true });
  });
});
