import { describe, expect, it } from 'vitest';
import { CircleRole } from '../../src/circles/circle.type.js';
import { deleteRefusal, editRefusal, isAuthor, postRefusal, replayRefusal } from '../../src/posts/posts.rules.js';
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

describe('editRefusal', () => {
  const AUTHOR_ONLY = { code: 'FORBIDDEN', message: 'Only the author can edit a post.' };

  it.each([
    ['the author', 'author', null],
    ['anyone else, owners included (the role is not asked)', 'owner', AUTHOR_ONLY],
  ])('%s', (_, userId, expected) => {
    expect(isAuthor(post, userId)).toBe(expected === null);
    expect(refusalOf(editRefusal(post, userId))).toEqual(expected);
  });
});

describe('deleteRefusal', () => {
  const NOT_YOURS = { code: 'FORBIDDEN', message: "Only the author or the circle's owners and moderators can delete a post." };

  it.each([
    ['the author, with no role read', 'author', null, null],
    ['the author, a plain member', 'author', MEMBER, null],
    ['an owner of the circle', 'other', OWNER, null],
    ['a moderator of the circle', 'other', MODERATOR, null],
    ['a member of the circle', 'other', MEMBER, NOT_YOURS],
    ['someone outside the circle', 'other', null, NOT_YOURS],
  ])('%s', (_, userId, role, expected) => {
    expect(refusalOf(deleteRefusal(post, userId, role))).toEqual(expected);
  });
});
