/**
 * Generated GraphQL documents at the schema: structured ones built from its own type, field
 * and argument names, token soup, and shapes that stress the limits (deep nesting, many
 * aliases, fields and directives, fragment cycles and fan-out, introspection, subscriptions,
 * several operations), with variables to match.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { boolArg, intArg, textArg, weirdString } from './arbitraries.js';
import { encodeJson, SCHEMA_FILE } from './harness.js';

const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
const sdl = buildSchema(schemaText);
const TYPE_NAMES = Object.keys(sdl.getTypeMap());
const FIELD_NAMES = [
  ...new Set(
    Object.values(sdl.getTypeMap()).flatMap((type) =>
      isObjectType(type) || isInterfaceType(type) || isInputObjectType(type) ? Object.keys(type.getFields()) : isEnumType(type) ? type.getValues().map((v) => v.name) : [],
    ),
  ),
  '__typename',
  '__schema',
  '__type',
];
const ARG_NAMES = [...new Set(['first', 'after', 'handle', 'slug', 'input', 'circleSlug', 'toHandle', 'maxHops', 'interest', 'search', 'minCreditBand', 'id', 'password'])];

const nameArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,8}$/) });
const typeNameArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...TYPE_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][a-z]{0,6}$/) });

const { value: valueArb } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer().map(String),
    fc.constantFrom('0', '-1', '2147483647', '2147483648', '-2147483649', '1e400', '1.5', '100', '101', '1000000', '99999999999999999999'),
    weirdString.filter((s) => s.length < 2000).map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null', 'PUBLIC', 'EXCELLENT', 'OWNER', 'NOPE', '$v', '$first', '$undefinedVar', '"""block\nstring"""'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc.array(fc.tuple(nameArb, tie('value')), { maxLength: 3 }).map((fields) => `{${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  ),
}));

const directiveArb = fc.oneof(
  fc.constantFrom('@include(if: true)', '@include(if: false)', '@skip(if: true)', '@skip(if: $v)', '@include(if: "yes")', '@deprecated', '@specifiedBy(url: "x")', '@defer', '@stream(initialCount: 1)', '@nope', '@include', '@skip(if: true) @skip(if: true)'),
  valueArb.map((v) => `@include(if: ${v})`),
);

const { selectionSet: selectionSetArb } = fc.letrec<{ selectionSet: string; selection: string }>((tie) => ({
  selectionSet: fc.array(tie('selection'), { minLength: 0, maxLength: 5 }).map((s) => `{ ${s.join(' ')} }`),
  selection: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nameArb,
    fc
      .tuple(
        fc.option(nameArb.map((a) => `${a}: `), { nil: '' }),
        nameArb,
        fc.option(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...ARG_NAMES), nameArb), valueArb), { minLength: 1, maxLength: 3 }).map((args) => `(${args.map(([k, v]) => `${k}: ${v}`).join(', ')})`), { nil: '' }),
        fc.option(directiveArb, { nil: '' }),
        fc.option(tie('selectionSet'), { nil: '' }),
      )
      .map(([alias, name, args, directive, set]) => `${alias}${name}${args} ${directive} ${set}`),
    fc.tuple(fc.option(typeNameArb, { nil: undefined }), fc.option(directiveArb, { nil: '' }), tie('selectionSet')).map(([type, directive, set]) => `... ${type ? `on ${type} ` : ''}${directive} ${set}`),
    fc.constantFrom('...F0', '...F1', '...F2', '...Nope'),
  ),
}));

const variableDefinitionsArb = fc
  .array(
    fc.tuple(
      fc.constantFrom('$v', '$first', '$h', '$x', '$v'),
      fc.constantFrom('Int', 'Int!', 'String', 'String!', '[String!]!', 'Boolean', 'CreditBand', 'ScoreVisibility!', 'SignUpInput', 'Nope', 'User', '[[Int]]', 'DateTime', 'ID!', 'Float'),
      fc.option(valueArb.map((v) => ` = ${v}`), { nil: '' }),
    ),
    { maxLength: 3 },
  )
  .map((defs) => (defs.length ? `(${defs.map(([n, t, d]) => `${n}: ${t}${d}`).join(', ')})` : ''));

const operationArb = fc
  .tuple(
    fc.constantFrom('', 'query', 'query', 'mutation', 'subscription'),
    fc.option(fc.stringMatching(/^[A-Z][a-zA-Z]{0,6}$/), { nil: '' }),
    variableDefinitionsArb,
    fc.option(directiveArb, { nil: '' }),
    selectionSetArb,
  )
  .map(([kind, name, defs, directive, set]) => (kind === '' ? set : `${kind} ${name}${defs} ${directive} ${set}`));

const fragmentArb = fc.tuple(fc.constantFrom('F0', 'F1', 'F2', 'F0'), typeNameArb, selectionSetArb).map(([name, type, set]) => `fragment ${name} on ${type} ${set}`);

const structuredDocument = fc.tuple(fc.array(operationArb, { minLength: 1, maxLength: 2 }), fc.array(fragmentArb, { maxLength: 3 })).map(([ops, frags]) => [...ops, ...frags].join('\n'));

const TOKENS = ['{', '}', '(', ')', '[', ']', ':', ',', '...', '@', '$', '=', '!', '|', '&', '#', '"', '"""', 'query', 'mutation', 'subscription', 'fragment', 'on', 'true', 'null', '\n', '\u00a0', '\u2028'];
const tokenSoup = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 3, arbitrary: nameArb }, { weight: 1, arbitrary: valueArb }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), { maxLength: 120 })
  .map((tokens) => tokens.join(' '));

const INTROSPECTION = `query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { ...FullType } directives { name locations args { ...InputValue } } } }
fragment FullType on __Type { kind name fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } } inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }`;

const shapedDocument = fc.oneof(
  // Deep nesting, balanced or not
  fc.tuple(fc.integer({ min: 1, max: 700 }), fc.integer({ min: -2, max: 2 })).map(([d, skew]) => `${'{ me '.repeat(d)}${'}'.repeat(Math.max(0, d + skew))}`),
  fc.integer({ min: 1, max: 40 }).map((d) => `{ ${'me { circles { edges { node { members { edges { node { user { '.repeat(Math.ceil(d / 8))}id${' } } } } } } } }'.repeat(Math.ceil(d / 8))} }`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{ ${'{'.repeat(n)}`),
  // Many aliases, many fields, many directives
  fc.integer({ min: 1, max: 1200 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{ ${'__typename '.repeat(n)}}`),
  fc.integer({ min: 1, max: 300 }).map((n) => `{ __typename ${'@skip(if: false) '.repeat(n)}}`),
  fc.integer({ min: 1, max: 120 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: circles(first: 100) { edges { node { members(first: 100) { edges { node { role } } } } } }`).join(' ')} }`),
  // Fragment cycles and self-spreads
  fc.constantFrom(
    '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
    '{ ...A } fragment A on Query { __typename ...A }',
    'query { ...A } fragment A on Query { me { ...U } } fragment U on User { circles { edges { node { members { edges { node { user { ...U } } } } } } } }',
    '{ ...A } fragment A on Query { __typename } fragment A on Query { me { id } }',
  ),
  // Fragment fan-out, small enough to stay cheap even when each spread is walked separately
  fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 5 })).map(([k, n]) => fanOut(k, n)),
  // Introspection, whole and in pieces
  fc.constantFrom(INTROSPECTION, '{ __schema { types { name } } }', '{ __type(name: "User") { fields { name } } }', '{ __type(name: "\\u0000") { name } }', '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }'),
  // Subscriptions that name real fields
  fc.tuple(fc.constantFrom('postAdded', 'circleActivity'), weirdString.filter((s) => s.length < 500)).map(([field, slug]) => `subscription { ${field}(circleSlug: ${JSON.stringify(slug)}) { __typename } }`),
  fc.constantFrom('subscription { connectionRequestReceived { message } }', 'subscription A { connectionRequestReceived { message } } subscription B { connectionRequestReceived { message } }', 'subscription { __typename }', 'subscription { connectionRequestReceived { message } connectionRequestReceived { message } }'),
  // Several operations, with and without a name to pick
  fc.constantFrom('query A { __typename } query B { __typename }', 'query A { __typename } { __typename }', 'query A { __typename } query A { me { id } }'),
);

/** `{ ...F0 }` with F_i spreading F_{i+1} k times: k^n paths through n fragments of size O(k). */
export function fanOut(k: number, n: number): string {
  const defs = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ${Array.from({ length: k }, () => `...F${i + 1}`).join(' ')} }`);
  return `{ ...F0 }\n${defs.join('\n')}\nfragment F${n} on Query { __typename }`;
}

export const documentArb = fc.oneof(
  { weight: 4, arbitrary: structuredDocument },
  { weight: 2, arbitrary: tokenSoup },
  { weight: 3, arbitrary: shapedDocument },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);
export const docVariables = fc.oneof(
  fc.constant(undefined),
  fc.record({ v: fc.oneof(intArg(1), textArg(1), boolArg(1)), first: intArg(1, 1, 100), h: textArg(1), x: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }),
  fc.constantFrom('not an object', [1, 2, 3], null, 42),
);

/** Variables as a graphql-ws client can send them: an object that survives JSON (NaN and friends do not). */
export function asVariables(value: unknown): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  try {
    return JSON.parse(encodeJson(value)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
