/**
 * The published contract: schema/schema.graphql is what frontends generate their clients
 * from, so it must match the code, and it must keep the names PRODUCT.md promises.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { renderSchemaFile, SCHEMA_FILE } from '../../src/graphql/schema-file.js';
import { buildQuanziSchema } from '../../src/graphql/schema.js';

let fileText: string;
let published: GraphQLSchema;
beforeAll(() => {
  fileText = readFileSync(path.join(projectRoot, SCHEMA_FILE), 'utf8');
  published = buildSchema(fileText);
});

describe('schema/schema.graphql', () => {
  it('is up to date with the code', async () => {
    const fromCode = renderSchemaFile(await buildQuanziSchema());
    if (fromCode !== fileText) {
      const codeLines = fromCode.split('\n');
      const fileLines = fileText.split('\n');
      const at = codeLines.findIndex((line, i) => line !== fileLines[i]);
      expect.fail(
        `${SCHEMA_FILE} is out of date with the code: run \`npm run schema:emit\` and commit the result.\n` +
          `First difference at line ${at + 1}:\n  file: ${JSON.stringify(fileLines[at])}\n  code: ${JSON.stringify(codeLines[at])}`,
      );
    }
    expect(fileText).toBe(fromCode);
  });

  it('says that it is generated', () => {
    expect(fileText.startsWith('# The Quanzi API contract. Generated from the code by `npm run schema:emit`')).toBe(true);
  });
});

/** `Type!` / `[Type!]!` as written in SDL, for a field's or argument's type. */
const typeOf = (field: { type: unknown }) => String(field.type);

function fieldOf(typeName: string, fieldName: string): GraphQLField<unknown, unknown> {
  const type = published.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type in ${SCHEMA_FILE}`);
  const field = type.getFields()[fieldName];
  if (!field) throw new Error(`${typeName}.${fieldName} is missing from ${SCHEMA_FILE}`);
  return field;
}

describe('the contract names of PRODUCT.md', () => {
  it.each(['User', 'Interest', 'AuthPayload'])('has the object type %s', (name) => {
    expect(isObjectType(published.getType(name))).toBe(true);
  });

  it.each(['SignUpInput', 'LogInInput', 'UpdateProfileInput'])('has the input type %s', (name) => {
    expect(isInputObjectType(published.getType(name))).toBe(true);
  });

  it.each([
    ['ScoreVisibility', ['PUBLIC', 'BAND_ONLY', 'CONNECTIONS_ONLY', 'PRIVATE']],
    ['CreditBand', ['POOR', 'FAIR', 'GOOD', 'VERY_GOOD', 'EXCELLENT']],
  ])('has the enum %s with exactly its values', (name, values) => {
    const type = published.getType(name);
    expect(isEnumType(type)).toBe(true);
    if (!isEnumType(type)) return;
    expect(type.getValues().map((v) => v.name).sort()).toEqual([...values].sort());
  });

  it('has the scalar DateTime, and uses it for dates', () => {
    expect(isScalarType(published.getType('DateTime'))).toBe(true);
    expect(typeOf(fieldOf('AuthPayload', 'expiresAt'))).toBe('DateTime!');
    const observedAt = fieldOf('Mutation', 'recordCreditScore').args.find((arg) => arg.name === 'observedAt');
    expect(observedAt && typeOf(observedAt)).toBe('DateTime!');
  });

  it('has the fields of User and Interest that clients rely on', () => {
    const user = published.getType('User');
    if (!isObjectType(user)) throw new Error('User is not an object type');
    const fields = user.getFields();
    expect(typeOf(fields.id!)).toBe('ID!');
    expect(typeOf(fields.handle!)).toBe('String!');
    expect(typeOf(fields.realName!)).toBe('String!');
    expect(typeOf(fields.verified!)).toBe('Boolean!');
    expect(typeOf(fields.bio!)).toBe('String');
    // Null where the viewer may not see them.
    expect(typeOf(fields.creditScore!)).toBe('Int');
    expect(typeOf(fields.creditBand!)).toBe('CreditBand');
    expect(getNamedType(fields.interests!.type).name).toBe('Interest');
    expect(getNamedType(fields.scoreVisibility!.type).name).toBe('ScoreVisibility');
    expect(fields.creditHistory).toBeDefined();

    expect(typeOf(fieldOf('Interest', 'slug'))).toBe('String!');
    expect(typeOf(fieldOf('Interest', 'name'))).toBe('String!');
    expect(typeOf(fieldOf('AuthPayload', 'token'))).toBe('String!');
    expect(typeOf(fieldOf('AuthPayload', 'user'))).toBe('User!');
  });

  it('has the input fields of SignUpInput, LogInInput and UpdateProfileInput', () => {
    const fields = (name: string) => {
      const type = published.getType(name);
      if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
      return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, String(f.type)]));
    };
    expect(fields('SignUpInput')).toMatchObject({ handle: 'String!', realName: 'String!', password: 'String!' });
    expect(fields('LogInInput')).toMatchObject({ handle: 'String!', password: 'String!' });
    expect(fields('UpdateProfileInput')).toMatchObject({ bio: 'String', scoreVisibility: 'ScoreVisibility' });
  });

  it.each([
    ['signUp', 'AuthPayload!', { input: 'SignUpInput!' }],
    ['logIn', 'AuthPayload!', { input: 'LogInInput!' }],
    ['updateProfile', 'User!', { input: 'UpdateProfileInput!' }],
    ['setInterests', 'User!', { slugs: '[String!]!' }],
    ['recordCreditScore', 'User!', { handle: 'String!', score: 'Int!', source: 'String!', observedAt: 'DateTime!' }],
    ['verifyRealName', 'User!', { handle: 'String!' }],
  ])('has the mutation %s returning %s', (name, returns, args) => {
    const field = fieldOf('Mutation', name);
    expect(typeOf(field)).toBe(returns);
    expect(Object.fromEntries(field.args.map((arg) => [arg.name, typeOf(arg)]))).toMatchObject(args);
  });

  it.each([
    ['me', 'User', {}],
    ['user', 'User', { handle: 'String!' }],
    ['interests', 'InterestConnection!', { search: 'String', first: 'Int', after: 'String' }],
  ])('has the query %s returning %s', (name, returns, args) => {
    const field = fieldOf('Query', name);
    expect(typeOf(field)).toBe(returns);
    expect(Object.fromEntries(field.args.map((arg) => [arg.name, typeOf(arg)]))).toMatchObject(args);
  });

  it('gives interests a Relay-style connection', () => {
    expect(typeOf(fieldOf('InterestConnection', 'edges'))).toBe('[InterestEdge!]!');
    expect(typeOf(fieldOf('InterestConnection', 'pageInfo'))).toBe('PageInfo!');
    expect(typeOf(fieldOf('InterestEdge', 'cursor'))).toBe('String!');
    expect(typeOf(fieldOf('InterestEdge', 'node'))).toBe('Interest!');
    expect(typeOf(fieldOf('PageInfo', 'hasNextPage'))).toBe('Boolean!');
    expect(typeOf(fieldOf('PageInfo', 'endCursor'))).toBe('String');
  });
});
