/**
 * Which characters typed text may hold (src/shared/characters.ts): the classes refused by
 * Unicode property, each named in the refusal, and the invisible characters kept where
 * writing needs them (emoji sequences, joining scripts, variation selectors, tag flags).
 */
import { describe, expect, it } from 'vitest';
import { codePointName, refusedCharacter } from '../../src/shared/characters.js';

const JOINER = 'a zero-width joiner or non-joiner, allowed only inside an emoji sequence or between letters of a script that uses it';
const VARIATION = 'a variation selector, allowed only right after the character whose form it chooses';
const MONGOLIAN = 'a Mongolian format character, allowed only after or between Mongolian letters';
const TAG = 'a tag character, allowed only in the flags of England, Scotland and Wales';
const CONTROL = 'a control character';
const FORMAT = 'an invisible formatting character';
const BLANK = 'a character that shows as nothing or as blank space';

/** 🏴 and the tags spelling `code`, then CANCEL TAG. */
const tagFlag = (code: string) => `\u{1F3F4}${[...code].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}\u{E007F}`;

describe('refusedCharacter accepts text as people write it', () => {
  it.each([
    ['Latin with accents (NFC)', 'José Ñúñez'],
    ['Chinese with an ideographic space', '王\u3000芳'],
    ['Japanese and Korean', 'やまだ 太郎 김민준'],
    ['Cyrillic and Greek', 'Анна Ελένη'],
    ['Persian with ZWNJ (the half-space)', 'می\u200Cخواهم کتاب\u200Cها'],
    ['Urdu with ZWNJ', 'ہم\u200Cآہنگ'],
    ['Hindi with ZWJ (half form)', 'क्\u200Dष'],
    ['Hindi with ZWNJ (explicit virama)', 'क्\u200Cष'],
    ['Hindi eyelash ra (ZWJ before a virama)', 'र\u200D्य'],
    ['Bengali ra-phala (ZWJ)', 'র\u200D্যাব'],
    ['Sinhala yansaya and rakaransaya (ZWJ)', 'ශ්\u200Dරී ලංකා ක්\u200Dය'],
    ['Malayalam and Tamil with ZWNJ', 'ക്\u200Cക த்\u200Cத'],
    ['Mongolian with a free variation selector and the vowel separator', 'ᠨ\u180Bᠠᠷ\u180Eᠠ'],
    ['an emoji ZWJ family', '👨\u200D👩\u200D👧'],
    ['skin tones', '👍🏽 👋🏿'],
    ['a ZWJ sequence with a skin tone', '🧑🏿\u200D🚀'],
    ['a ZWJ sequence with U+FE0F before the joiner', '👩\u200D❤️\u200D💋\u200D👨 🏳️\u200D🌈 👁️\u200D🗨️'],
    ['a ZWJ sequence ending in a gender sign and U+FE0F', '🏃🏽\u200D♀️ 🏴\u200D☠️'],
    ['a flag of two regional indicators', '🇨🇳'],
    ['the flags of England, Scotland and Wales (tag sequences)', `${tagFlag('gbeng')}${tagFlag('gbsct')} ${tagFlag('gbwls')}`],
    ['a keycap', '1️⃣ #️⃣ *️⃣'],
    ['emoji and text presentation selectors', '❤️ ©️ ☺︎'],
    ['an ideographic variation selector after a CJK ideograph', '葛\u{E0100}城'],
    ['a standardized variant of a math symbol', '≩\uFE00'],
    ['unusual spaces inside (visible as space)', 'a\u2003b\u00A0c\u202Fd'],
    ['combining marks', 'Zoë ả ç'],
  ])('%s', (_, text) => {
    expect(refusedCharacter(text.normalize('NFC'), true)).toBeNull();
  });

  it('newlines and tabs in multi-line text', () => {
    expect(refusedCharacter('line one\n\tline two', false)).toBeNull();
  });
});

describe('refusedCharacter refuses, naming the character', () => {
  it.each([
    // Cc
    ['NUL', 'a\u0000b', 0x0000, CONTROL],
    ['BEL', 'a\u0007b', 0x0007, CONTROL],
    ['a carriage return (also in multi-line text)', 'a\r\nb', 0x000d, CONTROL],
    ['a vertical tab', 'a\u000Bb', 0x000b, CONTROL],
    ['DEL', 'a\u007Fb', 0x007f, CONTROL],
    ['a C1 control (NEL)', 'a\u0085b', 0x0085, CONTROL],
    // Cf
    ['a soft hyphen', 'Wang\u00ADFang', 0x00ad, FORMAT],
    ['the Arabic letter mark', 'a\u061Cb', 0x061c, FORMAT],
    ['an Arabic number sign', 'a\u0600b', 0x0600, FORMAT],
    ['a zero-width space', 'a\u200Bb', 0x200b, FORMAT],
    ['a left-to-right mark', 'a\u200Eb', 0x200e, FORMAT],
    ['a right-to-left override', 'evil\u202Etxt.exe', 0x202e, FORMAT],
    ['a bidi isolate', 'a\u2066b', 0x2066, FORMAT],
    ['a word joiner', 'a\u2060b', 0x2060, FORMAT],
    ['an invisible times', 'a\u2062b', 0x2062, FORMAT],
    ['a deprecated format character', 'a\u206Ab', 0x206a, FORMAT],
    ['a byte-order mark inside text', 'a\uFEFFb', 0xfeff, FORMAT],
    ['an interlinear annotation anchor', 'a\uFFF9b\uFFFAc\uFFFB', 0xfff9, FORMAT],
    ['a shorthand format control', 'a\u{1BCA0}b', 0x1bca0, FORMAT],
    ['a musical format control', 'a\u{1D173}b', 0x1d173, FORMAT],
    ['an Egyptian hieroglyph format control', 'a\u{13430}b', 0x13430, FORMAT],
    ['the language tag', 'a\u{E0001}b', 0xe0001, TAG],
    ['tag characters after a letter (hidden ASCII)', 'hi\u{E0069}\u{E0067}\u{E006E}', 0xe0069, TAG],
    // Zl, Zp
    ['a line separator in a single line', 'a\u2028b', 0x2028, 'a line or paragraph separator (use a plain line break)'],
    // Cs
    ['an unpaired high surrogate', 'a\uD800b', 0xd800, 'half of a surrogate pair, not a character'],
    ['an unpaired low surrogate', 'a\uDFFFb', 0xdfff, 'half of a surrogate pair, not a character'],
    // Co
    ['a private-use character', 'a\uE000b', 0xe000, 'a private-use character, which shows differently on every device'],
    ['a supplementary private-use character', 'a\u{10FFFD}b', 0x10fffd, 'a private-use character, which shows differently on every device'],
    // Cn
    ['an unassigned code point', 'a\u0378b', 0x0378, 'an unassigned code point'],
    ['a noncharacter', 'a\uFFFEb', 0xfffe, 'an unassigned code point'],
    ['an unassigned default-ignorable code point', 'a\u2065b', 0x2065, 'an unassigned code point'],
    // Blank-rendering letters and marks (Default_Ignorable_Code_Point) and other blanks
    ['the Hangul filler', 'Wang\u3164Fang', 0x3164, BLANK],
    ['the Hangul choseong filler', '\u115F', 0x115f, BLANK],
    ['the Hangul jungseong filler', '\u1160', 0x1160, BLANK],
    ['the half-width Hangul filler', 'a\uFFA0b', 0xffa0, BLANK],
    ['a Khmer inherent vowel', 'a\u17B4b\u17B5', 0x17b4, BLANK],
    ['the combining grapheme joiner', 'a\u034Fb', 0x034f, BLANK],
    ['the Braille blank', 'a\u2800b', 0x2800, BLANK],
    ['the musical null notehead', 'a\u{1D159}b', 0x1d159, BLANK],
    // ZWJ and ZWNJ out of place
    ['a ZWJ between Latin letters', 'a\u200Db', 0x200d, JOINER],
    ['a ZWNJ between Latin letters (ligature control is left out)', 'Auf\u200Clage', 0x200c, JOINER],
    ['a ZWJ between Chinese characters', '王\u200D芳', 0x200d, JOINER],
    ['a leading ZWJ', '\u200D😀', 0x200d, JOINER],
    ['a trailing ZWJ', '😀\u200D', 0x200d, JOINER],
    ['a doubled ZWJ in an emoji sequence', '👨\u200D\u200D👩', 0x200d, JOINER],
    ['a ZWJ from a letter to an emoji', 'a\u200D😀', 0x200d, JOINER],
    ['a ZWJ from an emoji to a letter', '😀\u200Da', 0x200d, JOINER],
    ['a ZWJ after a letter with U+FE0F', 'a\uFE0F\u200D😀', 0x200d, JOINER],
    ['a ZWNJ between emoji', '👨\u200C👩', 0x200c, JOINER],
    ['a ZWNJ from Persian into Latin', 'ی\u200Ca', 0x200c, JOINER],
    ['a ZWNJ at the end of a Persian word', 'کتاب\u200C', 0x200c, JOINER],
    ['a ZWJ before a space (legacy Malayalam chillu: use U+0D7A–U+0D7F)', 'ന്\u200D ', 0x200d, JOINER],
    // Variation selectors out of place
    ['a leading variation selector', '\uFE0F😀', 0xfe0f, VARIATION],
    ['a variation selector after a space', 'a \uFE0F', 0xfe0f, VARIATION],
    ['two variation selectors in a row', '❤\uFE0F\uFE0F', 0xfe0f, VARIATION],
    ['a variation selector after a combining mark', 'e\u0301\uFE0E', 0xfe0e, VARIATION],
    ['an ideographic variation selector after a Latin letter', 'a\u{E0100}', 0xe0100, VARIATION],
    ['a run of ideographic variation selectors (data hidden in an emoji)', '😀\u{E0101}\u{E0102}', 0xe0101, VARIATION],
    // Mongolian format characters out of place
    ['the Mongolian vowel separator between Latin letters (once a space)', 'a\u180Eb', 0x180e, MONGOLIAN],
    ['the Mongolian vowel separator at the end of a Mongolian word', 'ᠨᠠ\u180E', 0x180e, MONGOLIAN],
    ['a Mongolian free variation selector after a Latin letter', 'a\u180Bb', 0x180b, MONGOLIAN],
    // Tags outside the recommended flags
    ['another subdivision flag (not recommended: tags carry hidden ASCII)', tagFlag('usca'), 0xe0075, TAG],
    ['a flag without its cancel tag', tagFlag('gbsct').slice(0, -2), 0xe0067, TAG],
    ['a recommended flag with tags after it', `${tagFlag('gbeng')}\u{E0078}`, 0xe0078, TAG],
    ['tags spelling a flag code without the flag', tagFlag('gbeng').slice(2), 0xe0067, TAG],
  ])('%s', (_, text, codePoint, why) => {
    expect(refusedCharacter(text, false)).toEqual({ codePoint, why });
  });

  it.each([
    ['a newline', 'a\nb', 0x000a],
    ['a tab', 'a\tb', 0x0009],
    ['a carriage return', 'a\rb', 0x000d],
  ])('refuses %s in single-line text', (_, text, codePoint) => {
    expect(refusedCharacter(text, true)).toEqual({ codePoint, why: 'a line break or tab, and this field is a single line' });
  });

  it('names the first character refused', () => {
    expect(refusedCharacter('ok\u00AD then \u0000', false)?.codePoint).toBe(0x00ad);
  });
});

describe('the classes, whole', () => {
  /** A code point standing alone between spaces, where no context makes an invisible one legitimate. */
  const alone = (codePoint: number) => refusedCharacter(` ${String.fromCodePoint(codePoint)} `, false);
  const CLASSES = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\u{1D159}]/u;

  it('refuses every code point of Cc (but tab and newline), Cf, Cs, Co, Cn, Zl, Zp and Default_Ignorable_Code_Point, the blanks, and nothing else', () => {
    const wrong: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const inClass = CLASSES.test(String.fromCodePoint(codePoint)) && codePoint !== 0x09 && codePoint !== 0x0a;
      if ((alone(codePoint) !== null) !== inClass) wrong.push(codePointName(codePoint));
      if (wrong.length > 20) break;
    }
    expect(wrong).toEqual([]);
  });

  it('names code points with at least four hex digits, in upper case', () => {
    expect([0x0, 0xad, 0x3164, 0xe0041, 0x10ffff].map(codePointName)).toEqual(['U+0000', 'U+00AD', 'U+3164', 'U+E0041', 'U+10FFFF']);
  });
});
