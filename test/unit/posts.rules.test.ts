import { describe, expect, it } from 'vitest';
import { CircleRole } from '../../src/circles/circle.type.js';
import { deleteReasonRefusal, deleteRefusal, editRefusal, isAuthor, postRefusal, replayRefusal, type PostActor } from '../../src/posts/posts.rules.js';
import { refusalOf } from './refusal.js';

const { OWNER, MODERATOR, MEMBER } = CircleRole;

const post = { authorId: 'author', circleId: 'tea', body: 'Longjing, first flush.' };

describe('postRefusal', () => {
  const MEMBERS_ONLY = { code: 'FORBIDDEN', message: 'Only members can post in Tea; join it first.' };

  it.each([
    ['a member', true, null],
    ['anyone else (outsiders, and the banned, who are no longer members)', false, MEMBERS_ONLY],
  ])('%s', (_, member, expected) => {
    expect(refusalOf(postRefusal({ name: 'Tea' }, member))).toEqual(expected);
  });
});

describe('replayRefusal', () => {
  const REUSED = {
    code: 'CONFLICT',
    field: 'idempotencyKey',
    message: 'That idempotencyKey was already used for a different post; use a new key for new content.',
  };

  it.each([
    ['the same post again', 'tea', post.body, null],
    ['another body', 'tea', 'Longjing, second flush.', REUSED],
    ['the same body in another circle', 'coffee', post.body, REUSED],
    ['the body with other spacing', 'tea', `${post.body} `, REUSED],
  ])('%s', (_, circleId, body, expected) => {
    expect(refusalOf(replayRefusal(post, circleId, body))).toEqual(expected);
  });
});

const actor = (id: string, role: PostActor['role'], banned = false): PostActor => ({ id, role, banned, circleName: 'Tea' });

describe('editRefusal', () => {
  const AUTHOR_ONLY = { code: 'FORBIDDEN', message: 'Only the author can edit a post.' };
  const REMOVED = { code: 'FORBIDDEN', message: 'The moderators of Tea removed you from it; you can no longer edit your posts there.' };

  it.each([
    ['the author', actor('author', MEMBER), null],
    ['the author, who has since left', actor('author', null), null],
    ['the author, banned from the circle', actor('author', null, true), REMOVED],
    ['anyone else, owners included', actor('owner', OWNER), AUTHOR_ONLY],
  ])('%s', (_, who, expected) => {
    expect(isAuthor(post, who.id)).toBe(who.id === 'author');
    expect(refusalOf(editRefusal(post, who))).toEqual(expected);
  });
});

describe('deleteRefusal', () => {
  const NOT_YOURS = { code: 'FORBIDDEN', message: "Only the author or the circle's owners and moderators can delete a post." };
  const REMOVED = { code: 'FORBIDDEN', message: 'The moderators of Tea removed you from it; you can no longer delete your posts there.' };

  it.each([
    ['the author, a plain member', actor('author', MEMBER), null],
    ['the author, who has since left', actor('author', null), null],
    ['the author, banned from the circle', actor('author', null, true), REMOVED],
    ['an owner of the circle', actor('other', OWNER), null],
    ['a moderator of the circle', actor('other', MODERATOR), null],
    ['a member of the circle', actor('other', MEMBER), NOT_YOURS],
    ['someone outside the circle', actor('other', null), NOT_YOURS],
  ])('%s', (_, who, expected) => {
    expect(refusalOf(deleteRefusal(post, who))).toEqual(expected);
  });
});

describe('deleteReasonRefusal', () => {
  const OWN_POST = { code: 'BAD_USER_INPUT', field: 'reason', message: "A reason is for moderators removing someone else's post; leave it out when deleting your own." };

  it.each([
    ['a moderator removing another member’s post, with a reason', actor('other', MODERATOR), 'Off topic', null],
    ['a moderator removing another member’s post, without one', actor('other', MODERATOR), null, null],
    ['the author deleting their own post, without a reason', actor('author', MEMBER), null, null],
    ['the author deleting their own post, with one (nobody would read it)', actor('author', MEMBER), 'Typo', OWN_POST],
    ['an owner deleting their own post, with one', actor('author', OWNER), 'Typo', OWN_POST],
  ])('%s', (_, who, reason, expected) => {
    expect(refusalOf(deleteReasonRefusal(post, who, reason))).toEqual(expected);
  });
});
