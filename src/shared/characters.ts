/**
 * Which characters typed text may hold. Whole classes are refused by Unicode property, not
 * by a list of the members someone remembered: controls (Cc), format characters (Cf),
 * surrogates (Cs), private use (Co), unassigned code points (Cn), line and paragraph
 * separators (Zl, Zp), and every Default_Ignorable_Code_Point (which adds the blank-rendering
 * letters such as U+3164 HANGUL FILLER), plus the few blank characters Unicode files under
 * neither. None of them shows as anything a reader can see, so they serve only to make two
 * texts look alike, to hide words from filters, or to carry hidden text.
 *
 * A few invisible characters are part of how text is written, and stay where, and only
 * where, they do that work (docs/security.md has the same list):
 * - ZWJ and ZWNJ (U+200D, U+200C) between two letters or marks of a script that shapes
 *   with them (JOINING_SCRIPTS: Persian's half-spaces, Indic conjuncts); ZWJ also inside
 *   an emoji sequence (👨‍👩‍👧: an emoji, with its skin tone or U+FE0F, then ZWJ, then an emoji).
 *   Never first, last, doubled, or between Latin, Chinese and other letters it does nothing to.
 * - Variation selectors right after the character they choose a form of: U+FE00–FE0F after
 *   a letter, digit, symbol or punctuation (❤️, 1️⃣), U+E0100–E01EF after a CJK ideograph
 *   (ideographic variants of names). Never first, after a space, or two in a row.
 * - Mongolian free variation selectors (U+180B–180D, U+180F) after a Mongolian letter, and
 *   the vowel separator U+180E between two Mongolian letters.
 * - Tag characters (U+E0020–E007F) only as the three subdivision flags Unicode recommends
 *   (England, Scotland, Wales: 🏴 then the tags, then CANCEL TAG). Any other tag run is
 *   hidden ASCII text ("ASCII smuggling") and is refused.
 * Tab and newline are allowed in multi-line text; single-line text refuses them and U+000D.
 *
 * The property data is the running Node's (its ICU; `process.versions.unicode`, 17.0 on
 * Node 20.20). Only Cn moves with it: a character Unicode assigns later is refused by an
 * older runtime, never the other way round.
 */

export interface RefusedCharacter {
  codePoint: number;
  /** What kind of character it is, in words a person can act on ("an invisible formatting character"). */
  why: string;
}

/** `U+00AD`: how a person finds the character in a character map. */
export const codePointName = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

const ZWJ = '\u200D';
const ZWNJ = '\u200C';
const VS16 = '\uFE0F';
const BLACK_FLAG = '\u{1F3F4}';
const MONGOLIAN_VOWEL_SEPARATOR = '\u180E';

/**
 * Scripts in everyday use whose shaping ZWJ and ZWNJ change: the cursive-joining ones and
 * the Brahmic ones with a virama (The Unicode Standard, §23.2 Layout Controls). Ligature
 * control in Latin and the historic scripts are left out: joiners there are refused.
 */
const JOINING_SCRIPTS = [
  'Arabic', 'Syriac', 'Nko', 'Mandaic', 'Adlam', 'Hanifi_Rohingya', 'Mongolian',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala',
  'Myanmar', 'Khmer', 'Tibetan', 'Balinese', 'Javanese', 'Sundanese', 'Tai_Tham',
];
const JOINING_LETTER = new RegExp(`^(?=[\\p{L}\\p{M}])[${JOINING_SCRIPTS.map((s) => `\\p{Script_Extensions=${s}}`).join('')}]$`, 'u');
const MONGOLIAN_LETTER = /^(?=\p{L})\p{Script_Extensions=Mongolian}$/u;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const SKIN_TONE = /^\p{Emoji_Modifier}$/u;
/** What a U+FE00–FE0F variation selector may follow: letters, digits, symbols (emoji too), punctuation (the # of #️⃣). */
const VARIABLE_BASE = /^[\p{L}\p{N}\p{S}\p{P}]$/u;
const IDEOGRAPH = /^\p{Ideographic}$/u;

const STANDARD_VARIATION_SELECTOR = /^[\uFE00-\uFE0F]$/u;
const IDEOGRAPHIC_VARIATION_SELECTOR = /^[\u{E0100}-\u{E01EF}]$/u;
const MONGOLIAN_VARIATION_SELECTOR = /^[\u180B-\u180D\u180F]$/u;

/** The RGI emoji tag sequences, after 🏴: England, Scotland, Wales (Emoji 17.0). */
const TAG_FLAGS = ['gbeng', 'gbsct', 'gbwls'].map((code) => [...code].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).concat('\u{E007F}'));

/**
 * Blank-rendering characters that are neither format characters nor Default_Ignorable
 * (Unicode 17.0): U+2800 BRAILLE PATTERN BLANK and U+1D159 MUSICAL SYMBOL NULL NOTEHEAD.
 * Spaces (Zs) are not here: they are visible as space, and trimming takes them off the ends.
 */
const BLANK = /^[\u2800\u{1D159}]$/u;

/** Context-free classes, checked in this order (the first that matches names the character). */
const CLASSES: Array<[RegExp, string]> = [
  [/^\p{Cc}$/u, 'a control character'],
  [/^[\p{Zl}\p{Zp}]$/u, 'a line or paragraph separator (use a plain line break)'],
  [/^\p{Cs}$/u, 'half of a surrogate pair, not a character'],
  [/^\p{Co}$/u, 'a private-use character, which shows differently on every device'],
  [/^\p{Cn}$/u, 'an unassigned code point'],
  [/^[\u{E0001}\u{E0020}-\u{E007F}]$/u, 'a tag character, allowed only in the flags of England, Scotland and Wales'],
  [/^\p{Cf}$/u, 'an invisible formatting character'],
  [/^\p{Default_Ignorable_Code_Point}$/u, 'a character that shows as nothing or as blank space'],
  [BLANK, 'a character that shows as nothing or as blank space'],
];

const JOINER = 'a zero-width joiner or non-joiner, allowed only inside an emoji sequence or between letters of a script that uses it';
const VARIATION = 'a variation selector, allowed only right after the character whose form it chooses';
const MONGOLIAN = 'a Mongolian format character, allowed only after or between Mongolian letters';
const LINE_BREAK = 'a line break or tab, and this field is a single line';

/** An emoji that a ZWJ may follow: a pictograph, a skin tone, or a pictograph with U+FE0F. */
const endsEmoji = (chars: string[], at: number) =>
  PICTOGRAPH.test(chars[at] ?? '') || SKIN_TONE.test(chars[at] ?? '') || (chars[at] === VS16 && PICTOGRAPH.test(chars[at - 1] ?? ''));

/** Code points of one of TAG_FLAGS right after a 🏴 at `at`, or 0. */
function flagTagsAfter(chars: string[], at: number): number {
  const tags = TAG_FLAGS.find((flag) => flag.every((tag, i) => chars[at + 1 + i] === tag));
  return tags?.length ?? 0;
}

/** Why the character at `at` may not stand there, or null if it may. */
function refusalAt(chars: string[], at: number, singleLine: boolean): string | null {
  const [before, c, after] = [chars[at - 1] ?? '', chars[at]!, chars[at + 1] ?? ''];
  if (c === ZWJ || c === ZWNJ) {
    const inScript = JOINING_LETTER.test(before) && JOINING_LETTER.test(after);
    const inEmoji = c === ZWJ && endsEmoji(chars, at - 1) && PICTOGRAPH.test(after);
    return inScript || inEmoji ? null : JOINER;
  }
  if (STANDARD_VARIATION_SELECTOR.test(c)) return VARIABLE_BASE.test(before) ? null : VARIATION;
  if (IDEOGRAPHIC_VARIATION_SELECTOR.test(c)) return IDEOGRAPH.test(before) ? null : VARIATION;
  if (MONGOLIAN_VARIATION_SELECTOR.test(c)) return MONGOLIAN_LETTER.test(before) ? null : MONGOLIAN;
  if (c === MONGOLIAN_VOWEL_SEPARATOR) return MONGOLIAN_LETTER.test(before) && MONGOLIAN_LETTER.test(after) ? null : MONGOLIAN;
  if (singleLine && /^[\r\n\t]$/.test(c)) return LINE_BREAK;
  if (c === '\n' || c === '\t') return null;
  return CLASSES.find(([pattern]) => pattern.test(c))?.[1] ?? null;
}

/** The first character `text` may not hold, or null. Check the text in the form it is stored (NFC, trimmed). */
export function refusedCharacter(text: string, singleLine: boolean): RefusedCharacter | null {
  const chars = [...text];
  for (let at = 0; at < chars.length; at++) {
    // 🏴 itself is a symbol like any other; a recommended flag's tags after it are skipped whole.
    if (chars[at] === BLACK_FLAG) at += flagTagsAfter(chars, at);
    else {
      const why = refusalAt(chars, at, singleLine);
      if (why) return { codePoint: chars[at]!.codePointAt(0)!, why };
    }
  }
  return null;
}
