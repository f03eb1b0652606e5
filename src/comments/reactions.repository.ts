/** All Cypher about reacting to posts: one edge per person and kind, and the post's kept counts. */
import type { Db } from '../db/database.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import { notify, type Notifying } from '../graph/notifications.js';
import { postFields } from '../graph/posts.js';
import { addToReactionCount } from '../graph/reactions.js';
import type { Post } from '../posts/post.type.js';
import type { ReactionKind } from './reaction.type.js';
import { reactRefusal, type ReactFacts } from './reactions.rules.js';

/** A reaction change: the post, and whether anything changed (only then is there a live event). */
export interface ReactionChange {
  changed: boolean;
  post: Post;
}

/**
 * Takes the post's lock (so two reactions of one person cannot both count), then reads
 * what the rule needs and whether the person already reacted with this kind.
 */
const FACTS = `
  MATCH (u:User {id: $userId})
  OPTIONAL MATCH (p:Post {id: $postId}) WHERE NOT EXISTS { (:User {id: p.authorId})-[:BLOCKED]-(u) }
  SET p._lock = true REMOVE p._lock
  WITH u, p
  OPTIONAL MATCH (circle:Circle {id: p.circleId})
  RETURN p IS NOT NULL AS postFound, coalesce(circle.name, '') AS circleName, EXISTS { (u)-[:MEMBER_OF]->(circle) } AS member,
         EXISTS { (u)-[:REACTED {kind: $kind}]->(p) } AS reacted, p ${postFields('p')} AS post`;

type Facts = ReactFacts & { reacted: boolean; post: Post };

/** Reacts with `kind` (again: nothing changes). A new reaction joins the author's aggregate notification. */
export async function react(db: Db, userId: string, postId: string, kind: ReactionKind): Promise<Notifying<ReactionChange>> {
  return db.write(async (q) => {
    const facts = (await q.one<Facts>(FACTS, { userId, postId, kind }))!;
    const refusal = reactRefusal(facts);
    if (refusal) throw refusal;
    const { post } = facts;
    if (facts.reacted) return { row: { post, changed: false }, notifications: [] };
    await q.rows(
      `MATCH (u:User {id: $userId}), (p:Post {id: $postId})
       CREATE (u)-[:REACTED {kind: $kind, at: datetime()}]->(p)
       ${addToReactionCount('p', '$kind', '1')}`,
      { userId, postId, kind },
    );
    const notifications = await notify(q, [{ kind: NotificationKind.REACTIONS_TO_POST, recipientId: post.authorId, actorId: userId, circleId: post.circleId, postId }]);
    return { row: { post, changed: true }, notifications };
  });
}

/** Takes the reaction back (none: nothing changes). The author's notification keeps its count: it said who reacted. */
export async function unreact(db: Db, userId: string, postId: string, kind: ReactionKind): Promise<ReactionChange> {
  return db.write(async (q) => {
    const facts = (await q.one<Facts>(FACTS, { userId, postId, kind }))!;
    const refusal = reactRefusal(facts);
    if (refusal) throw refusal;
    if (facts.reacted) {
      await q.rows(
        `MATCH (:User {id: $userId})-[r:REACTED {kind: $kind}]->(p:Post {id: $postId})
         DELETE r
         ${addToReactionCount('p', '$kind', '-1')}`,
        { userId, postId, kind },
      );
    }
    return { post: facts.post, changed: facts.reacted };
  });
}
