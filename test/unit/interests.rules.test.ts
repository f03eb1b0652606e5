/** Following interests (src/interests/interests.rules.ts), without a database. */
import { describe, expect, it } from 'vitest';
import { unknownInterestsRefusal } from '../../src/interests/interests.rules.js';

const CATALOGUE = ['tea-culture', 'go', 'hiking'];

describe('unknownInterestsRefusal', () => {
  it.each([
    ['catalogue interests', ['go', 'tea-culture']],
    ['none at all (clears them)', []],
  ])('accepts %s', (_, slugs) => {
    expect(unknownInterestsRefusal(slugs, CATALOGUE)).toBeNull();
  });

  it.each([
    ['one unknown', ['go', 'chess'], 'Unknown interest: chess. The `interests` query lists them all.'],
    ['several, in the order sent', ['zither', 'go', 'chess'], 'Unknown interests: zither, chess. The `interests` query lists them all.'],
  ])('refuses %s, naming `slugs`', (_, slugs, message) => {
    const error = unknownInterestsRefusal(slugs, CATALOGUE)!;
    expect([error.extensions.code, error.extensions.field, error.message]).toEqual(['BAD_USER_INPUT', 'slugs', message]);
  });
});
