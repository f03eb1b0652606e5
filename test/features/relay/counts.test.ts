/**
 * `totalCount` on the lists clients show counts for (issue 15, item 2), from what the graph
 * keeps (relationship degrees), never by reading every item: the same number as the list
 * would give, blocks applied.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BlocksBlockDocument, RelayCountsDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { connectThroughApi } from '../../helpers/conversations.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';

const test = serverForTests();
let viewer: Person;
let others: Person[];
let slug: string;

const counts = async (person: Person) => ok(test.client.request(RelayCountsDocument, { slug }, { token: person.token }));

beforeAll(async () => {
  viewer = await signUp(test.client, 'cntview');
  others = [await signUp(test.client, 'cnta'), await signUp(test.client, 'cntb'), await signUp(test.client, 'cntc')];
  slug = await foundCircle(test, viewer, 'counts');
  for (const other of others) {
    await joinCircle(test, other, slug);
    await connectThroughApi(test.client, other, viewer);
  }
});

describe('totalCount', () => {
  it('counts every member and connection while a page shows one', async () => {
    const data = await counts(viewer);
    expect(data.circle!.members.edges).toHaveLength(1);
    expect(data.circle!.members.totalCount).toBe(4);
    expect(data.circle!.memberCount).toBe(4);
    expect(data.connections.edges).toHaveLength(1);
    expect(data.connections.totalCount).toBe(3);
  });

  it('leaves out what a block hides, as the lists do', async () => {
    await ok(test.client.request(BlocksBlockDocument, { handle: others[0]!.handle }, { token: viewer.token }));
    const data = await counts(viewer);
    expect(data.circle!.members.totalCount).toBe(3);
    // A block ends the connection.
    expect(data.connections.totalCount).toBe(2);
    // Another member, with no block, still counts everyone.
    expect((await counts(others[1]!)).circle!.members.totalCount).toBe(4);
  });
});
