import { describe, expect, it } from 'vitest';
import { hiddenAsNonexistent } from '../../src/privacy/blocks.js';

describe('hiddenAsNonexistent', () => {
  it.each([
    ['no block either way', false, false, false],
    ['they blocked the viewer', false, true, true],
    ['the viewer blocked them (the blocker knows of their block)', true, false, false],
    ['both blocked each other (the viewer knows them already)', true, true, false],
  ])('%s', (_, blocking, blockedBy, expected) => {
    expect(hiddenAsNonexistent({ blocking, blockedBy })).toBe(expected);
  });
});

describe('hiddenAsNonexistent, for a moderator acting on their circle', () => {
  it('keeps its members and banned people findable, and no one else', () => {
    expect(hiddenAsNonexistent({ blocking: false, blockedBy: true, underViewersModeration: true })).toBe(false);
    expect(hiddenAsNonexistent({ blocking: false, blockedBy: true, underViewersModeration: false })).toBe(true);
  });
});
