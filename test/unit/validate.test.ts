/**
 * The checks on text people type (src/shared/validate.ts): what each accepts, the form it
 * is stored in, and the exact refusal a client reads.
 */
import { describe, expect, it } from 'vitest';
import { handle, normaliseHandle, optionalText, slug, text } from '../../src/shared/validate.js';
import { thrownBy } from '../helpers/app-error.js';

/** The refusal of one character, as a client reads it (the classes are in characters.test.ts). */
const refusal = (field: string, codePoint: string, why: string) => `${field} contains ${codePoint}, ${why}; remove it and try again.`;
const CONTROL = 'a control character';
const FORMAT = 'an invisible formatting character';

describe('text', () => {
  const rule = { min: 2, max: 5 };

  it.each([
    ['plain text', 'hello', 'hello'],
    ['surrounding spaces, trimmed', '  hi  ', 'hi'],
    ['no-break and ideographic spaces, trimmed', '\u00A0 ab \u3000', 'ab'],
    ['every other kind of space, trimmed', '\u1680\u2000\u2003\u200A\u202F ab \u205F\u2028\u2029', 'ab'],
    ['an ideographic space inside (Chinese names)', '王\u3000芳', '王\u3000芳'],
    ['a leading byte-order mark, trimmed', '\uFEFFabc', 'abc'],
    ['Chinese, counted in characters, not bytes', '你好世界', '你好世界'],
    ['astral characters, each counted once', '𠀀𠀁𠀂𠀃𠀄', '𠀀𠀁𠀂𠀃𠀄'],
    ['a decomposed accent, composed (NFC)', 'cafe\u0301', 'café'],
    ['a zero-width joiner in an emoji sequence', '👨‍👩‍👧', '👨‍👩‍👧'],
    ['a zero-width non-joiner (Persian)', 'می\u200Cخو', 'می\u200Cخو'],
    ['a newline inside multi-line text', 'a\nb', 'a\nb'],
    ['a tab inside multi-line text', 'a\tb', 'a\tb'],
  ])('accepts %s', (_, value, stored) => {
    expect(text('bio', value, rule)).toBe(stored);
  });

  it.each([
    ['too short after trimming', '  a  ', 'bio must be 2 to 5 characters long (after trimming spaces); got 1.'],
    ['spaces of every kind and nothing else', '\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000\uFEFF', 'bio must be 2 to 5 characters long (after trimming spaces); got 0.'],
    ['too long', 'abcdef', 'bio must be 2 to 5 characters long (after trimming spaces); got 6.'],
    ['too long in characters', '一二三四五六', 'bio must be 2 to 5 characters long (after trimming spaces); got 6.'],
    ['a NUL, named by its code point', 'a\u0000b', refusal('bio', 'U+0000', CONTROL)],
    ['an escape', 'a\u001Bb', refusal('bio', 'U+001B', CONTROL)],
    ['DEL', 'a\u007Fb', refusal('bio', 'U+007F', CONTROL)],
    ['a C1 control', 'a\u0085b', refusal('bio', 'U+0085', CONTROL)],
    ['a carriage return, even in multi-line text', 'a\r\nb', refusal('bio', 'U+000D', CONTROL)],
    ['a zero-width space', 'a\u200Bb', refusal('bio', 'U+200B', FORMAT)],
    ['a right-to-left override', 'a\u202Eb', refusal('bio', 'U+202E', FORMAT)],
    ['a soft hyphen', 'a\u00ADb', refusal('bio', 'U+00AD', FORMAT)],
    ['a byte-order mark inside', 'a\uFEFFb', refusal('bio', 'U+FEFF', FORMAT)],
    ['an astral character, by its code point', 'a\u{E0041}b', refusal('bio', 'U+E0041', 'a tag character, allowed only in the flags of England, Scotland and Wales')],
    ['the first of several', 'a\u3164\u00ADb', refusal('bio', 'U+3164', 'a character that shows as nothing or as blank space')],
    ['a line separator', 'a\u2028b', refusal('bio', 'U+2028', 'a line or paragraph separator (use a plain line break)')],
  ])('refuses %s', (_, value, message) => {
    expect(thrownBy(() => text('bio', value, rule))).toEqual({ code: 'BAD_USER_INPUT', field: 'bio', message });
  });

  it('counts length before it looks at characters', () => {
    expect(thrownBy(() => text('bio', '\u0000\u0000\u0000\u0000\u0000\u0000', rule)).message).toBe(
      'bio must be 2 to 5 characters long (after trimming spaces); got 6.',
    );
  });

  it('names a single length once', () => {
    expect(thrownBy(() => text('code', 'abc', { min: 4, max: 4 })).message).toBe('code must be 4 characters long (after trimming spaces); got 3.');
  });

  it.each([
    ['a newline', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['a tab', 'a\tb'],
  ])('refuses %s in single-line text', (_, value) => {
    const codePoint = `U+${value.codePointAt(1)!.toString(16).toUpperCase().padStart(4, '0')}`;
    expect(thrownBy(() => text('title', value, { ...rule, singleLine: true }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'title',
      message: refusal('title', codePoint, 'a line break or tab, and this field is a single line'),
    });
  });
});

describe('optionalText', () => {
  const rule = { max: 5 };

  it.each([
    ['undefined (leave as is)', undefined, undefined],
    ['null (leave as is)', null, null],
    ['an empty string (clear)', '', null],
    ['only spaces (clear)', '   ', null],
    ['only a byte-order mark (clear: it trims away)', '\uFEFF', null],
    ['text, trimmed', ' hey ', 'hey'],
    ['one character', 'x', 'x'],
  ])('takes %s', (_, value, stored) => {
    expect(optionalText('bio', value, rule)).toBe(stored);
  });

  it.each([
    ['too long', 'abcdef', 'bio must be 1 to 5 characters long (after trimming spaces); got 6.'],
    ['only a zero-width space (it does not trim away)', '\u200B', refusal('bio', 'U+200B', FORMAT)],
    ['only a Hangul filler (a letter that shows as nothing, and does not trim away)', '\u3164', refusal('bio', 'U+3164', 'a character that shows as nothing or as blank space')],
  ])('refuses %s', (_, value, message) => {
    expect(thrownBy(() => optionalText('bio', value, rule))).toEqual({ code: 'BAD_USER_INPUT', field: 'bio', message });
  });
});

describe('handle', () => {
  const REFUSAL = 'handle must be 3 to 30 characters: a letter first, then letters, digits or underscores (for example "wang_fang88").';

  it.each([
    ['lower case', 'wang_fang88', 'wang_fang88'],
    ['upper case, lowered', 'Wang_Fang', 'wang_fang'],
    ['full-width letters, folded (NFKC)', 'Ｗａｎｇ_ｆａｎｇ', 'wang_fang'],
    ['a ligature, unfolded (NFKC)', 'ﬁsh', 'fish'],
    ['surrounding spaces', '  li_na  ', 'li_na'],
    ['the shortest', 'abc', 'abc'],
    ['the longest', `a${'b'.repeat(29)}`, `a${'b'.repeat(29)}`],
  ])('accepts %s', (_, value, stored) => {
    expect(handle('handle', value)).toBe(stored);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', `a${'b'.repeat(30)}`],
    ['a digit first', '1abc'],
    ['an underscore first', '_abc'],
    ['a hyphen', 'wang-fang'],
    ['a dot', 'wang.fang'],
    ['an inner space', 'wang fang'],
    ['an accented letter', 'josé'],
    ['Chinese', '王芳芳'],
    ['a dotted capital I (lowers to i and a combining dot)', 'İstanbul'],
    ['a zero-width space', 'wang\u200Bfang'],
    ['an empty string', ''],
  ])('refuses %s', (_, value) => {
    expect(thrownBy(() => handle('handle', value))).toEqual({ code: 'BAD_USER_INPUT', field: 'handle', message: REFUSAL });
  });

  it('names the field it checks', () => {
    expect(thrownBy(() => handle('fromHandle', 'x'))).toMatchObject({ field: 'fromHandle', message: expect.stringMatching(/^fromHandle must be/) });
  });

  it('normalises look-alikes to one form', () => {
    expect(normaliseHandle(' Ｗang_Fang ')).toBe(normaliseHandle('wang_fang'));
  });
});

describe('slug', () => {
  const refusal = (max: number) =>
    `interest must be 2 to ${max} characters of lower-case letters and digits, words joined by single hyphens (for example "tea-culture").`;

  it.each([
    ['words joined by hyphens', 'tea-culture', 'tea-culture'],
    ['upper case, lowered', 'Tea-Culture', 'tea-culture'],
    ['full-width letters, folded', 'Ｔea-culture', 'tea-culture'],
    ['digits', '3d-printing', '3d-printing'],
    ['the shortest', 'go', 'go'],
    ['the longest by default', 'a'.repeat(48), 'a'.repeat(48)],
  ])('accepts %s', (_, value, stored) => {
    expect(slug('interest', value)).toBe(stored);
  });

  it.each([
    ['one character', 'a'],
    ['too long by default', 'a'.repeat(49)],
    ['a leading hyphen', '-tea'],
    ['a trailing hyphen', 'tea-'],
    ['a double hyphen', 'tea--culture'],
    ['an underscore', 'tea_culture'],
    ['an inner space', 'tea culture'],
    ['an accented letter', 'café'],
  ])('refuses %s', (_, value) => {
    expect(thrownBy(() => slug('interest', value))).toEqual({ code: 'BAD_USER_INPUT', field: 'interest', message: refusal(48) });
  });

  it('takes a smaller maximum, and names it', () => {
    expect(slug('interest', 'abcd', 4)).toBe('abcd');
    expect(thrownBy(() => slug('interest', 'abcde', 4)).message).toBe(refusal(4));
  });
});
