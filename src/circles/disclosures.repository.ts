/** The Cypher behind "what do my memberships disclose": a person's credit-gated memberships. */
import type { Db } from '../db/database.js';
import { circleFields } from '../graph/circles.js';
import type { Circle } from './circle.type.js';

export interface DisclosureRow {
  circle: Circle;
  acknowledgedAt: Date;
}

export async function gatedMembershipsOf(db: Db, userId: string): Promise<DisclosureRow[]> {
  return db.read((q) =>
    q.rows<DisclosureRow>(
      `MATCH (:User {id: $userId})-[m:MEMBER_OF]->(c:Circle) WHERE c.minCreditScore IS NOT NULL
       RETURN c ${circleFields('c')} AS circle, m.disclosureAcknowledgedAt AS acknowledgedAt
       ORDER BY c.name, c.slug`,
      { userId },
    ),
  );
}
