/**
 * extensions.field on variable-coercion errors (src/errors.ts `variableErrorField`): read
 * from graphql-js's message, the only place it says which input was at fault.
 */
import { describe, expect, it } from 'vitest';
import { variableErrorField } from '../../src/errors.js';

describe('variableErrorField', () => {
  it.each([
    ['a wrong type inside an input object', 'Variable "$input" got invalid value 5 at "input.handle"; String cannot represent a non string value: 5', 'handle'],
    ['an item of a list field', 'Variable "$input" got invalid value 7 at "input.interestSlugs[1]"; String cannot represent a non string value: 7', 'interestSlugs'],
    ['a scalar variable', 'Variable "$n" got invalid value "many"; Int cannot represent non-integer value: "many"', 'n'],
    ['a required variable not given', 'Variable "$n" of required type "Int!" was not provided.', 'n'],
    ['a null for a non-null variable', 'Variable "$slug" of non-null type "String!" must not be null.', 'slug'],
    ['a required input field missing', 'Variable "$input" got invalid value {}; Field "circleSlug" of required type "String!" was not provided.', 'circleSlug'],
    ['an unknown input field', 'Variable "$input" got invalid value { zzz: 1 }; Field "zzz" is not defined by type "CreatePostInput".', 'zzz'],
    [
      'a value that looks like a path',
      'Variable "$input" got invalid value { body: "at \\"input.zzz\\"" } at "input.circleSlug"; String cannot represent a non string value: 1',
      'circleSlug',
    ],
  ])('%s', (_name, message, field) => {
    expect(variableErrorField(message)).toBe(field);
  });

  it('names nothing for errors that are not about a variable', () => {
    expect(variableErrorField('Cannot query field "nope" on type "Query".')).toBeUndefined();
  });
});
