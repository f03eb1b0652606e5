/**
 * What a search may be, and how the words a person types become a full-text query. Pure,
 * so the escaping is unit-tested: a person's text is always terms to look for, never
 * Lucene query syntax (no fields, operators, ranges, fuzziness or boosts of their own).
 *
 * The indexes use Lucene's `cjk` analyzer (migration 16): Latin text is split into lower-case
 * words, and runs of Chinese, Japanese or Korean characters into overlapping pairs (王小明 is
 * 王小 and 小明). A word typed is looked for as a phrase of those pieces, so a fragment of
 * two or more characters is found anywhere in a name; one typed alone is also matched as the
 * start of a word (`zhang` finds `zhangwei88`, `tea cult` finds "Tea culture"). A single
 * CJK character has no pair of its own, so it is matched as either half of any pair, or as
 * a character standing alone (王 finds 王小明 and 小王).
 */
import { badInput } from '../errors.js';
import { text } from '../shared/validate.js';

/** The longest search text, in characters. */
export const MAX_SEARCH_LENGTH = 100;

/** The most words one search may hold: each costs the index a look-up, a lone CJK character a scan of its terms. */
export const MAX_SEARCH_WORDS = 8;

/**
 * The best full-text matches one search reads before the viewer's visibility rules and the
 * order are applied: the honest bound on its cost. Up to this many matches the answer is
 * exact; beyond it, the person is told by a short last page to use more words.
 */
export const SEARCH_CANDIDATES = 1000;

/** A search as the server runs it: the full-text query, and the text in lower case for ranking. */
export interface SearchQuery {
  lucene: string;
  lowered: string;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Letters, digits and underscores only: safe as a bare Lucene term (lower-cased, so never AND/OR/NOT). */
const PLAIN_WORD = /^[\p{L}\p{N}_]+$/u;

/** A phrase in Lucene's syntax: inside quotes only the backslash and the quote are special. */
export function phrase(word: string): string {
  return `"${word.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** One typed word as a Lucene clause (see the file comment). */
export function wordClause(word: string): string {
  if (CJK.test(word)) {
    if ([...word].length === 1) return `(${word} OR ${word}* OR *${word})`;
    return phrase(word);
  }
  if (PLAIN_WORD.test(word)) {
    const lower = word.toLowerCase();
    return `(${phrase(lower)} OR ${lower}*)`;
  }
  return phrase(word);
}

/** Checks the text (1 to MAX_SEARCH_LENGTH characters, at most MAX_SEARCH_WORDS words) and builds the query: every word must match. */
export function searchQuery(value: string): SearchQuery {
  const checked = text('text', value, { min: 1, max: MAX_SEARCH_LENGTH, singleLine: true });
  const words = checked.split(/\s+/u).filter(Boolean);
  if (words.length > MAX_SEARCH_WORDS) {
    throw badInput('text', `Search with at most ${MAX_SEARCH_WORDS} words; got ${words.length}.`);
  }
  return { lucene: words.map(wordClause).join(' AND '), lowered: checked.toLowerCase() };
}
