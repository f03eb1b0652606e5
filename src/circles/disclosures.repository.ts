/** The Cypher behind "what do my memberships disclose": a person's credit-gated memberships. */
import { int, type Db } from '../db/database.js';
import { circleFields } from '../graph/circles.js';
import type { Circle } from './circle.type.js';

/**
 * The most disclosures listed at once: a person may be in any number of circles, and an
 * unpaged list needs a bound (the cost analysis prices it by this). Their `circles(first,
 * after)` pages through all of them, each with its `minCreditScore`.
 */
export const MAX_DISCLOSURES_LISTED = 100;

export interface DisclosureRow {
  circle: Circle;
  acknowledgedAt: Date;
}

export async function gatedMembershipsOf(db: Db, userId: string): Promise<DisclosureRow[]> {
  return db.read((q) =>
    q.rows<DisclosureRow>(
      `MATCH (:User {id: $userId})-[m:MEMBER_OF]->(c:Circle) WHERE c.minCreditScore IS NOT NULL
       RETURN c ${circleFields('c')} AS circle, m.disclosureAcknowledgedAt AS acknowledgedAt
       ORDER BY c.name, c.slug
       LIMIT $limit`,
      { userId, limit: int(MAX_DISCLOSURES_LISTED) },
    ),
  );
}
