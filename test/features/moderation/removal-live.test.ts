/**
 * A report resolved with REMOVE_CONTENT tells the circle's watchers, as a moderator's
 * deleteComment or deletePost does: every removal goes out through one announcement
 * (src/live/removals.ts), whoever removed the content.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AddCommentDocument, ReportContentDocument, ResolveReportDocument, SetMemberRoleDocument, WatchCircleActivityDocument } from '../../generated/graphql.js';
import { foundCircle, joinCircle, writePost } from '../../helpers/circles.js';
import { ok } from '../../helpers/client.js';
import { signUp, type Person } from '../../helpers/people.js';
import { serverForTests } from '../../helpers/server.js';
import { collectUntil, socketsPerTest, subscribe, untilPostsLive } from '../../helpers/subscriptions.js';

const test = serverForTests();
const sockets = socketsPerTest();

let owner: Person;
let moderator: Person;
let author: Person;
let reporter: Person;
let watcher: Person;
let slug: string;

beforeAll(async () => {
  [owner, moderator, author, reporter, watcher] = await Promise.all(['rlowner', 'rlmod', 'rlauthor', 'rlreporter', 'rlwatcher'].map((name) => signUp(test.client, name)));
  slug = await foundCircle(test, owner, 'removallive');
  for (const person of [moderator, author, reporter, watcher]) await joinCircle(test, person, slug);
  await ok(test.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: moderator.handle, role: 'MODERATOR' }, { token: owner.token }));
});

/** Reports the subject as `reporter` and resolves it with REMOVE_CONTENT as the moderator. */
async function reportAndRemove(subjectId: string) {
  const filed = (await ok(test.client.request(ReportContentDocument, { input: { subjectId, reason: 'SPAM' } }, { token: reporter.token }))).reportContent;
  await ok(test.client.request(ResolveReportDocument, { input: { reportId: filed.id, action: 'REMOVE_CONTENT', note: 'No adverts.' } }, { token: moderator.token }));
}

describe('REMOVE_CONTENT in circleActivity', () => {
  it('a comment removed by resolving its report reaches the watchers as CommentRemovedActivity, by the moderator', async () => {
    const post = await writePost(test, author, slug, 'A fair question');
    const comment = (await ok(test.client.request(AddCommentDocument, { input: { postId: post.id, body: 'Cheap followers here' } }, { token: author.token }))).addComment;
    const sub = subscribe(sockets.connect(test, watcher.token), WatchCircleActivityDocument, { circleSlug: slug });
    await untilPostsLive(test, [sub], owner, slug);
    await reportAndRemove(comment.id);
    const [event, ...more] = await collectUntil(sub, (e) => e.circleActivity.__typename === 'CommentRemovedActivity');
    expect(more).toEqual([]);
    expect(event!.circleActivity).toMatchObject({
      __typename: 'CommentRemovedActivity',
      actor: { handle: moderator.handle },
      circle: { slug },
      comment: { id: comment.id, removed: true, removedBy: 'MODERATOR' },
    });
  });

  it('a post removed by resolving its report reaches the watchers as PostDeletedActivity, by the moderator', async () => {
    const post = await writePost(test, author, slug, 'Buy now at example.test');
    const sub = subscribe(sockets.connect(test, watcher.token), WatchCircleActivityDocument, { circleSlug: slug });
    await untilPostsLive(test, [sub], owner, slug);
    await reportAndRemove(post.id);
    const [event, ...more] = await collectUntil(sub, (e) => e.circleActivity.__typename === 'PostDeletedActivity');
    expect(more).toEqual([]);
    expect(event!.circleActivity).toMatchObject({ __typename: 'PostDeletedActivity', actor: { handle: moderator.handle }, postId: post.id });
  });
});
