/**
 * Profile changes without a database: the patch checks (src/users/users.inputs.ts) and
 * which stored fields a patch sets (src/users/users.rules.ts).
 */
import { describe, expect, it } from 'vitest';
import { ScoreVisibility } from '../../src/privacy/credit-bands.js';
import { checkProfilePatch, type UpdateProfileInput } from '../../src/users/users.inputs.js';
import { profileChanges } from '../../src/users/users.rules.js';
import { thrownBy } from '../helpers/app-error.js';

const patch = (input: Partial<UpdateProfileInput>) => checkProfilePatch(input as UpdateProfileInput);

describe('checkProfilePatch', () => {
  it.each([
    ['nothing sent: nothing changes', {}, { bio: undefined, realName: undefined, scoreVisibility: undefined }],
    ['bio null: cleared', { bio: null }, { bio: null, realName: undefined, scoreVisibility: undefined }],
    ['bio "": cleared', { bio: '' }, { bio: null, realName: undefined, scoreVisibility: undefined }],
    ['bio of spaces: cleared', { bio: '   ' }, { bio: null, realName: undefined, scoreVisibility: undefined }],
    ['bio over lines, trimmed', { bio: ' Tea.\nGo. ' }, { bio: 'Tea.\nGo.', realName: undefined, scoreVisibility: undefined }],
    ['bio of 500 characters', { bio: 'b'.repeat(500) }, { bio: 'b'.repeat(500), realName: undefined, scoreVisibility: undefined }],
    ['realName null: kept (a name cannot be removed)', { realName: null }, { bio: undefined, realName: undefined, scoreVisibility: undefined }],
    ['realName, trimmed', { realName: ' Li Na ' }, { bio: undefined, realName: 'Li Na', scoreVisibility: undefined }],
    ['scoreVisibility null: kept', { scoreVisibility: null }, { bio: undefined, realName: undefined, scoreVisibility: undefined }],
    ['scoreVisibility', { scoreVisibility: ScoreVisibility.PRIVATE }, { bio: undefined, realName: undefined, scoreVisibility: ScoreVisibility.PRIVATE }],
  ])('%s', (_, input, checked) => {
    expect(patch(input)).toEqual(checked);
  });

  it.each([
    ['a bio over 500 characters', { bio: 'b'.repeat(501) }, 'bio', 'bio must be 1 to 500 characters long (after trimming spaces); got 501.'],
    ['a bio with a control character', { bio: 'a\u0007b' }, 'bio', 'bio contains U+0007, a control character; remove it and try again.'],
    ['an empty realName', { realName: '' }, 'realName', 'realName must be 1 to 100 characters long (after trimming spaces); got 0.'],
    ['a realName over two lines', { realName: 'Li\nNa' }, 'realName', 'realName contains U+000A, a line break or tab, and this field is a single line; remove it and try again.'],
  ])('refuses %s', (_, input, field, message) => {
    expect(thrownBy(() => patch(input))).toEqual({ code: 'BAD_USER_INPUT', field, message });
  });

  it('checks the bio before the real name', () => {
    expect(thrownBy(() => patch({ bio: 'b'.repeat(501), realName: '' })).field).toBe('bio');
  });
});

describe('profileChanges', () => {
  it.each([
    ['nothing', {}, {}],
    ['a cleared bio (null is a change)', { bio: null }, { bio: null }],
    ['a bio and a visibility', { bio: 'Tea.', scoreVisibility: ScoreVisibility.PUBLIC }, { bio: 'Tea.', scoreVisibility: ScoreVisibility.PUBLIC }],
    // The real name travels on its own: changing it also decides `verified`.
    ['a real name alone: none of these', { realName: 'Li Na' }, {}],
  ])('sets %s', (_, checked, changes) => {
    expect(profileChanges(checked)).toEqual(changes);
  });

  it('sets exactly what the checked patch sent', () => {
    expect(profileChanges(patch({ bio: '', scoreVisibility: null, realName: 'Li Na' }))).toEqual({ bio: null });
  });
});
