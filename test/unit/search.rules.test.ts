/**
 * How typed text becomes a full-text query (src/search/search.rules.ts): always words,
 * never Lucene syntax of the person's own.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, phrase, searchQuery, wordClause } from '../../src/search/search.rules.js';
import { thrownBy } from '../helpers/app-error.js';

describe('wordClause', () => {
  it('looks for a plain word as itself or as the start of a word, in lower case (so never an operator)', () => {
    expect(wordClause('Tea')).toBe('("tea" OR tea*)');
    expect(wordClause('OR')).toBe('("or" OR or*)');
    expect(wordClause('wang_fang88')).toBe('("wang_fang88" OR wang_fang88*)');
  });

  it('looks for two or more CJK characters as a phrase of their pairs, and one alone as either half of a pair', () => {
    expect(wordClause('小明')).toBe('"小明"');
    expect(wordClause('王小明')).toBe('"王小明"');
    expect(wordClause('王')).toBe('(王 OR 王* OR *王)');
    expect(wordClause('小明abc')).toBe('"小明abc"');
  });

  it('quotes anything else as a phrase, escaping only what a phrase treats as special', () => {
    expect(wordClause('*:*')).toBe('"*:*"');
    expect(wordClause('realName:x')).toBe('"realName:x"');
    expect(wordClause('a"b')).toBe('"a\\"b"');
    expect(wordClause('\\')).toBe('"\\\\"');
    expect(wordClause('x)')).toBe('"x)"');
    expect(phrase('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });
});

describe('searchQuery', () => {
  it('needs every word, and keeps the trimmed text in lower case for ranking', () => {
    expect(searchQuery('  Tea  王 ')).toEqual({ lucene: '("tea" OR tea*) AND (王 OR 王* OR *王)', lowered: 'tea  王' });
  });

  it('refuses empty, blank, multi-line, too long text and too many words, naming text', () => {
    for (const text of ['', '   ', 'a\nb', 'x'.repeat(MAX_SEARCH_LENGTH + 1), Array.from({ length: MAX_SEARCH_WORDS + 1 }, () => 'w').join(' ')]) {
      const refusal = thrownBy(() => searchQuery(text));
      expect(refusal.code, JSON.stringify(text)).toBe('BAD_USER_INPUT');
      expect(refusal.field).toBe('text');
    }
    expect(searchQuery('x'.repeat(MAX_SEARCH_LENGTH)).lucene).toContain('x');
  });
});
