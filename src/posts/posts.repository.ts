/** All Cypher about posts: writing them, and reading them newest first (circle pages, the feed). */
import { randomUUID } from 'node:crypto';
import type { Circle } from '../circles/circle.type.js';
import { noSuchCircle } from '../circles/circles.rules.js';
import type { Db, Queries } from '../db/database.js';
import { isConstraintViolation, notFound } from '../errors.js';
import { idsHiddenFrom } from '../graph/blocks.js';
import { circleFields, mayReadCircle, READABLE_CIRCLES_OF_IDS } from '../graph/circles.js';
import type { TwoWayPageRequest } from '../graph/cursors.js';
import { pageWindow, type PageRow } from '../graph/paging.js';
import { NotificationKind } from '../graph/notification-kinds.js';
import type { NotificationEvent } from '../graph/notification-plan.js';
import { notify, type AddedNotification, type Notifying } from '../graph/notifications.js';
import { mentionableIds } from '../graph/mentions.js';
import type { PostRemoval } from '../graph/comments.js';
import { circlePostsPage, deletePostNode, POST_WITH_AUTHOR, POST_ORDER, POST_WITH_AUTHOR_AND_CIRCLE, postFields, VISIBLE_POST_COUNT_OF_C } from '../graph/posts.js';
import type { User } from '../users/user.type.js';
import type { Post } from './post.type.js';
import { deleteReasonRefusal, deleteRefusal, editRefusal, postRefusal, replayRefusal, type PostActor } from './posts.rules.js';

export type PostWithAuthor = Post & { author: User | null; circle?: Circle | null };

export const postCursor = (post: Post) => [post.createdAt.toISOString(), post.id];

export async function postsOfCircles(
  db: Db,
  viewerId: string,
  circleIds: readonly string[],
  page: TwoWayPageRequest,
): Promise<Array<{ key: string; value: PageRow<PostWithAuthor> }>> {
  const window = pageWindow(POST_ORDER, page);
  return db.read((q) =>
    q.rows<{ key: string; value: PageRow<PostWithAuthor> }>(
      `${READABLE_CIRCLES_OF_IDS}
       CALL (circleId, hiddenIds) { ${circlePostsPage(window)} }
       RETURN circleId AS key, {node: p ${POST_WITH_AUTHOR}, beyond: beyond} AS value
       ORDER BY ${window.order}`,
      { viewerId, circleIds, ...window.params },
    ),
  );
}

/** How many posts of each readable circle the viewer's page of it shows (VISIBLE_POST_COUNT_OF_C): none is read to count them. */
export async function postCountsOfCircles(db: Db, viewerId: string, circleIds: readonly string[]): Promise<Array<{ id: string; count: number }>> {
  return db.read((q) =>
    q.rows<{ id: string; count: number }>(`${READABLE_CIRCLES_OF_IDS} RETURN circleId AS id, ${VISIBLE_POST_COUNT_OF_C} AS count`, { viewerId, circleIds }),
  );
}

/**
 * Posts by id as the viewer may read them, as a circle's page shows them: in a circle they may
 * read, by nobody with a block between them and the viewer. For `post(id:)` and `node(id:)`.
 */
export async function readablePostsByIds(db: Db, viewerId: string, ids: readonly string[]): Promise<PostWithAuthor[]> {
  const rows = await db.read((q) =>
    q.rows<{ p: PostWithAuthor }>(
      `OPTIONAL MATCH (v:User {id: $viewerId})
       WITH v, ${idsHiddenFrom('v')} AS hiddenIds
       UNWIND $ids AS id
       MATCH (p:Post {id: id}) WHERE NOT p.authorId IN hiddenIds
       MATCH (readable:Circle {id: p.circleId}) WHERE ${mayReadCircle('v', 'readable')}
       RETURN p ${POST_WITH_AUTHOR_AND_CIRCLE} AS p`,
      { viewerId, ids },
    ),
  );
  return rows.map((row) => row.p);
}

/** The newest posts across the viewer's circles: a page's window from each circle, merged. */
export async function feed(db: Db, viewerId: string, page: TwoWayPageRequest): Promise<Array<PageRow<PostWithAuthor>>> {
  const window = pageWindow(POST_ORDER, page);
  return db.read((q) =>
    q.rows<PageRow<PostWithAuthor>>(
      `MATCH (v:User {id: $viewerId})
       WITH v, ${idsHiddenFrom('v')} AS hiddenIds
       MATCH (v)-[:MEMBER_OF]->(c:Circle)
       WITH c.id AS circleId, hiddenIds
       CALL (circleId, hiddenIds) { ${circlePostsPage(window)} }
       // Merge the circles' pages (and their probes) first, then fetch authors and circles for the page alone.
       WITH p, beyond ORDER BY ${window.order}
       WITH beyond, collect(p)[..${window.limit}] AS merged
       UNWIND merged AS p
       RETURN p ${POST_WITH_AUTHOR_AND_CIRCLE} AS node, beyond`,
      { viewerId, ...window.params },
    ),
  );
}

export interface NewPost {
  authorId: string;
  circleSlug: string;
  body: string;
  /** The handles the body mentions (mentionedHandles): those who can read the circle are told. */
  mentioned: string[];
  idempotencyKey: string | null;
}

/**
 * Creates the post, in one statement: finds the circle, checks membership and any earlier
 * post under the same idempotency key, and creates the post only when all is well. A repeat
 * of a key returns the first post (`created: false`); a key reused for other content, or a
 * refusal, creates nothing. The author is found first and their membership checked between
 * the two bound nodes: matched as one pattern, the planner walked the circle's memberships
 * looking for the author, a cost that grew with the circle.
 */
const CREATE_POST = `
  OPTIONAL MATCH (c:Circle {slug: $circleSlug})
  OPTIONAL MATCH (author:User {id: $authorId})
  WITH c, CASE WHEN EXISTS { (author)-[:MEMBER_OF]->(c) } THEN author END AS u
  OPTIONAL MATCH (earlier:Post {authorId: $authorId, idempotencyKey: $key})
  OPTIONAL CALL (u, c, earlier) {
    WITH u, c, earlier WHERE u IS NOT NULL AND earlier IS NULL
    CREATE (u)-[:POSTED]->(p:Post {id: randomUUID(), body: $body, authorId: u.id, circleId: c.id, mentionIds: ${mentionableIds('u', 'c')},
                                   idempotencyKey: $key, createdAt: datetime(), editedAt: null})-[:IN]->(c)
    RETURN p
  }
  RETURN c ${circleFields('c')} AS circle, u IS NOT NULL AS member,
         earlier ${postFields('earlier')} AS earlier, p ${postFields('p')} AS post`;

export async function createPost(db: Db, post: NewPost): Promise<{ post: Post; circle: Circle; created: boolean; notifications: AddedNotification[] }> {
  // Without a client key the post still gets one, made here, outside the transaction: when
  // a commit succeeds but its answer is lost and the driver retries, the retry finds the
  // post it already made instead of making a second.
  const key = post.idempotencyKey ?? `quanzi:${randomUUID()}`;
  const attempt = () =>
    db.write(async (q) => {
      const row = await q.one<{ circle: Circle | null; member: boolean; earlier: Post | null; post: Post | null }>(CREATE_POST, {
        circleSlug: post.circleSlug,
        authorId: post.authorId,
        key,
        body: post.body,
        mentioned: post.mentioned,
      });
      const made = row?.post;
      return { ...row!, notifications: made ? await notify(q, mentionsIn(made, made.mentionIds)) : [] };
    });
  let row;
  try {
    row = await attempt();
  } catch (error) {
    // A concurrent retry with the same key won the race: answer with its post.
    if (!isConstraintViolation(error)) throw error;
    row = await attempt();
  }
  const { circle, member, earlier } = row!;
  if (!circle) throw noSuchCircle(post.circleSlug);
  const refusal = postRefusal(circle, member);
  if (refusal) throw refusal;
  if (earlier) {
    const reused = replayRefusal(earlier, circle.id, post.body);
    if (reused) throw reused;
    // Our own key: this very call made it (a retried commit), so it is new to everyone else.
    return { post: earlier, circle, created: post.idempotencyKey === null, notifications: [] };
  }
  return { post: row!.post!, circle, created: true, notifications: row!.notifications };
}

/** MENTION notifications for the people a post names (`recipientIds`, as mentionableIds found them). */
function mentionsIn(post: Post, recipientIds: readonly string[]): NotificationEvent[] {
  return recipientIds.map((recipientId) => ({ kind: NotificationKind.MENTION, recipientId, actorId: post.authorId, circleId: post.circleId, postId: post.id, postAuthorId: post.authorId }));
}

/**
 * The post, and how the person acting on it stands in its circle, read in the writing
 * transaction in one round-trip; NOT_FOUND when there is no such post.
 */
async function postAndActor(q: Queries, userId: string, postId: string): Promise<{ post: Post; actor: PostActor }> {
  const row = await q.one<{ p: Post } & Omit<PostActor, 'id'>>(
    `MATCH (p:Post {id: $postId})
     OPTIONAL MATCH (c:Circle {id: p.circleId})
     OPTIONAL MATCH (u:User {id: $userId})
     RETURN p ${postFields('p')} AS p, c.name AS circleName,
            COLLECT { MATCH (u)-[m:MEMBER_OF]->(c) RETURN m.role }[0] AS role,
            EXISTS { (u)-[:BANNED_FROM]->(c) } AS banned`,
    { postId, userId },
  );
  if (!row) throw notFound('That post does not exist (it may have been deleted).');
  const { p: post, circleName, role, banned } = row;
  return { post, actor: { id: userId, role: role ?? null, banned, circleName: circleName ?? '' } };
}

/** Changes the body; people it newly mentions are told (an edit does not notify anyone twice). */
export async function editPost(db: Db, userId: string, postId: string, body: string, mentioned: string[]): Promise<Notifying<Post>> {
  return db.write(async (q) => {
    const { post, actor } = await postAndActor(q, userId, postId);
    const refusal = editRefusal(post, actor);
    if (refusal) throw refusal;
    const row = await q.one<{ p: Post }>(
      `MATCH (p:Post {id: $postId}) MATCH (u:User {id: p.authorId}) MATCH (c:Circle {id: p.circleId})
       SET p.body = $body, p.editedAt = datetime(), p.mentionIds = ${mentionableIds('u', 'c')}
       RETURN p ${postFields('p')} AS p`,
      { postId, body, mentioned },
    );
    const edited = row!.p;
    const notifications = await notify(q, mentionsIn(edited, edited.mentionIds.filter((id) => !post.mentionIds.includes(id))));
    return { row: edited, notifications };
  });
}

/**
 * Deletes a post its author or a moderator of its circle wants gone; returns the removal to announce. A
 * moderator's removal is logged and notifies the author (deletePostNode, src/graph/posts.ts).
 */
export async function deletePost(db: Db, userId: string, postId: string, reason: string | null): Promise<Notifying<PostRemoval>> {
  return db.write(async (q) => {
    const { post, actor } = await postAndActor(q, userId, postId);
    const refusal = deleteRefusal(post, actor) ?? deleteReasonRefusal(post, actor, reason);
    if (refusal) throw refusal;
    const { notifications, removal } = await deletePostNode(q, post, userId, reason);
    return { row: removal, notifications };
  });
}
