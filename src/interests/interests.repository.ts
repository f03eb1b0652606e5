/** All Cypher about interests: the catalogue and who follows what. */
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { interestsOf } from '../graph/interests.js';
import { pageWindow, windowRead, type PageRow, type SortColumn } from '../graph/paging.js';
import { lockPerson } from '../graph/people.js';
import type { Interest } from './interest.type.js';
import { unknownInterestsRefusal } from './interests.rules.js';

/** The catalogue in name order, then slug. */
const INTEREST_ORDER: SortColumn[] = [{ expr: 'i.name' }, { expr: 'i.slug' }];

/** A catalogue page in name order, either way (src/graph/paging.ts). */
export async function listInterests(db: Db, search: string | null, page: TwoWayPageRequest): Promise<Array<PageRow<Interest>>> {
  const window = pageWindow(INTEREST_ORDER, page);
  const read = windowRead(
    window,
    (part) => `
      MATCH (i:Interest)
      WHERE ($search IS NULL OR toLower(i.name) CONTAINS $search OR i.slug CONTAINS $search) AND ${part.where}
      RETURN i, ${part.beyond} AS beyond ORDER BY ${part.order} LIMIT ${part.limit}`,
  );
  return db.read((q) =>
    q.rows<PageRow<Interest>>(`CALL () { ${read} } RETURN i {.slug, .name} AS node, beyond ORDER BY ${window.order}`, {
      search: search?.toLowerCase() ?? null,
      ...window.params,
    }),
  );
}

/** Interests by slug (the catalogue is public). */
export async function interestsBySlugs(db: Db, slugs: readonly string[]): Promise<Interest[]> {
  const rows = await db.read((q) => q.rows<{ i: Interest }>('MATCH (i:Interest) WHERE i.slug IN $slugs RETURN i {.slug, .name} AS i', { slugs }));
  return rows.map((row) => row.i);
}

export async function interestsOfUsers(db: Db, userIds: readonly string[]): Promise<Array<{ key: string; value: Interest }>> {
  return db.read((q) =>
    q.rows<{ key: string; value: Interest }>(
      `UNWIND $userIds AS userId
       MATCH (u:User {id: userId})
       UNWIND ${interestsOf('u')} AS value
       RETURN userId AS key, value`,
      { userIds },
    ),
  );
}

/**
 * Replaces a person's interests with exactly `slugs`. Unknown slugs are refused before
 * anything is written.
 */
export async function replaceInterests(db: Db, userId: string, slugs: string[]): Promise<void> {
  await db.write(async (q) => {
    const known = await q.rows<{ slug: string }>('MATCH (i:Interest) WHERE i.slug IN $slugs RETURN i.slug AS slug', { slugs });
    const refusal = unknownInterestsRefusal(slugs, known.map((row) => row.slug));
    if (refusal) throw refusal;
    // New edges copy the person's band: read it under their lock (see lockPerson), or a
    // visibility change committing meanwhile would leave an edge with the old band.
    await lockPerson(q, userId);
    const updated = await q.one<{ id: string }>(
      `MATCH (u:User {id: $userId})
       OPTIONAL MATCH (u)-[old:INTERESTED_IN]->(i:Interest) WHERE NOT i.slug IN $slugs
       DELETE old
       WITH DISTINCT u
       UNWIND $slugs AS slug
       MATCH (i:Interest {slug: slug})
       // slug and band let recommendations find an interest's followers by band (an index).
       MERGE (u)-[r:INTERESTED_IN]->(i) ON CREATE SET r.since = datetime(), r.slug = i.slug, r.band = coalesce(u.visibleBand, -1)
       RETURN DISTINCT u.id AS id`,
      { userId, slugs },
    );
    if (!updated && slugs.length > 0) throw notFound('Your account no longer exists.');
  });
}
