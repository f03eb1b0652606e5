import { describe, expect, it } from 'vitest';
import { commentRefusal, editCommentRefusal, removeCommentRefusal, removeReasonRefusal } from '../../src/comments/comments.rules.js';
import { MAX_MENTIONS, mentionedHandles, mentionsRefusal } from '../../src/graph/mentions.js';
import { reactRefusal, visibleReactions } from '../../src/comments/reactions.rules.js';
import { CircleRole } from '../../src/circles/circle.type.js';

describe('visibleReactions', () => {
  it('subtracts the hidden people’s reactions from the kept counts, kind by kind', () => {
    expect(visibleReactions([3, 1, 0, 0, 0, 0], ['LIKE', 'LOVE'], [])).toEqual([{ kind: 'LIKE', count: 2, viewerReacted: false }]);
  });
  it('keeps the kinds the viewer used, and leaves out kinds nobody visible used', () => {
    expect(visibleReactions([1, 0, 0, 0, 0, 2], [], ['LIKE'])).toEqual([
      { kind: 'LIKE', count: 1, viewerReacted: true },
      { kind: 'ANGRY', count: 2, viewerReacted: false },
    ]);
  });
  it('never goes below zero, and reads missing counts as zero', () => {
    expect(visibleReactions([], ['WOW'], [])).toEqual([]);
  });
});

describe('mentions', () => {
  it('finds distinct handles after a space or at the start, not inside e-mail addresses', () => {
    expect(mentionedHandles('@Wang_Fang hi @li_na and @wang_fang, mail me at a@b.cn or @x')).toEqual(['wang_fang', 'li_na']);
  });
  it(`refuses more than ${MAX_MENTIONS} people, naming the field`, () => {
    const handles = Array.from({ length: MAX_MENTIONS + 1 }, (_, i) => `person${i}`);
    expect(mentionsRefusal(handles.slice(0, MAX_MENTIONS))).toBeNull();
    expect(mentionsRefusal(handles)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
  });
});

describe('comment rules', () => {
  const facts = { postFound: true, circleName: 'Tea', member: true, parent: null, replyToId: null };
  it('refuses, in order: no post, not a member (saying to join), no parent, a reply as parent', () => {
    expect(commentRefusal({ ...facts, postFound: false })?.extensions.code).toBe('NOT_FOUND');
    const outsider = commentRefusal({ ...facts, member: false });
    expect(outsider?.extensions.code).toBe('FORBIDDEN');
    expect(outsider?.message).toMatch(/join it first/);
    expect(commentRefusal({ ...facts, replyToId: 'x' })?.extensions.code).toBe('NOT_FOUND');
    expect(commentRefusal({ ...facts, replyToId: 'x', parent: { reply: 4 } })?.extensions.code).toBe('BAD_USER_INPUT');
    expect(commentRefusal({ ...facts, replyToId: 'x', parent: { reply: 0 } })).toBeNull();
  });
  const actor = { id: 'a', role: CircleRole.MEMBER, banned: false, circleName: 'Tea' };
  it('lets only the author edit, not once removed or banned', () => {
    expect(editCommentRefusal({ authorId: 'a', removed: false }, actor)).toBeNull();
    expect(editCommentRefusal({ authorId: 'b', removed: false }, actor)?.extensions.code).toBe('FORBIDDEN');
    expect(editCommentRefusal({ authorId: 'a', removed: true }, actor)?.extensions.code).toBe('BAD_USER_INPUT');
    expect(editCommentRefusal({ authorId: 'a', removed: false }, { ...actor, banned: true })?.extensions.code).toBe('FORBIDDEN');
  });
  it('lets the author or a moderator remove; a reason only for someone else’s', () => {
    expect(removeCommentRefusal({ authorId: 'b', removed: false }, actor)?.extensions.code).toBe('FORBIDDEN');
    expect(removeCommentRefusal({ authorId: 'b', removed: false }, { ...actor, role: CircleRole.MODERATOR })).toBeNull();
    expect(removeReasonRefusal({ authorId: 'a', removed: false }, actor, 'spam')?.extensions.code).toBe('BAD_USER_INPUT');
    expect(removeReasonRefusal({ authorId: 'b', removed: false }, actor, 'spam')).toBeNull();
  });
  it('lets members react, and no one on a post they cannot see', () => {
    expect(reactRefusal({ postFound: true, circleName: 'Tea', member: true })).toBeNull();
    expect(reactRefusal({ postFound: true, circleName: 'Tea', member: false })?.extensions.code).toBe('FORBIDDEN');
    expect(reactRefusal({ postFound: false, circleName: '', member: true })?.extensions.code).toBe('NOT_FOUND');
  });
});
