/**
 * Every list of the schema without `first` declares the most items the server returns there
 * (`@MaxItems`, src/graphql/list-bounds.ts), so the cost analysis can price it. A field added
 * later without a bound fails here, before a probe can ask for more than it is priced for.
 */
import { MAX_MENTIONS } from '../../src/graph/mentions.js';
import { REACTION_KINDS } from '../../src/graph/reactions.js';
import { isInterfaceType, isListType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CIRCLE_INTERESTS } from '../../src/circles/circles.inputs.js';
import { MAX_DISCLOSURES_LISTED } from '../../src/circles/disclosures.repository.js';
import { declaredMaxItems, MaxItems } from '../../src/graphql/list-bounds.js';
import { MAX_NODE_IDS } from '../../src/graphql/node.resolver.js';
import { buildQuanziSchema } from '../../src/graphql/schema.js';
import { isConnectionEdges } from '../../src/http/operation-limits.js';
import { MAX_INTERESTS } from '../../src/interests/interests.rules.js';
import { MAX_SHARED_CIRCLES } from '../../src/recommendations/recommendations.rules.js';
import { MAX_TRUST_HOPS } from '../../src/trust/trust.rules.js';
import { schema as fixtureSchema } from './operation-schema.js';
import { SESSIONS_PER_USER_CEILING } from '../../src/config.js';

/** `Type.field` → its declared bound (undefined: none), for every unpaged list of the schema. */
function unpagedLists(schema: GraphQLSchema): Map<string, number | undefined> {
  const lists = new Map<string, number | undefined>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const returned = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (!isListType(returned) || isConnectionEdges(type, field.name) || field.args.some((arg) => arg.name === 'first')) continue;
      lists.set(`${type.name}.${field.name}`, declaredMaxItems(field));
    }
  }
  return lists;
}

describe('lists without `first`', () => {
  let lists: Map<string, number | undefined>;
  beforeAll(async () => {
    lists = unpagedLists(await buildQuanziSchema());
  });

  it('each declare the most items they return', () => {
    const undeclared = [...lists].filter(([, bound]) => bound === undefined).map(([name]) => name);
    expect(undeclared, 'declare a bound with @MaxItems(n) and keep it in the resolver (a rule or a LIMIT)').toEqual([]);
  });

  it('declare the bounds the server keeps', () => {
    expect(Object.fromEntries(lists)).toEqual({
      'Circle.interests': MAX_CIRCLE_INTERESTS,
      'User.interests': MAX_INTERESTS,
      'User.disclosures': MAX_DISCLOSURES_LISTED,
      'Icebreaker.sharedInterests': MAX_INTERESTS,
      'Icebreaker.sharedCircles': MAX_SHARED_CIRCLES,
      'Recommendation.sharedInterests': MAX_INTERESTS,
      'Recommendation.sharedCircles': MAX_SHARED_CIRCLES,
      'Query.trustPath': MAX_TRUST_HOPS + 1,
      'User.sessions': SESSIONS_PER_USER_CEILING,
      // A text mentions at most MAX_MENTIONS people (refused beyond); reactions come one per kind.
      'Post.mentions': MAX_MENTIONS,
      'Comment.mentions': MAX_MENTIONS,
      'Post.reactions': REACTION_KINDS.length,
      'ReactionsChangedActivity.reactions': REACTION_KINDS.length,
      'Query.nodes': MAX_NODE_IDS,
      // A block ends the requests between two people, one each way; a password change, every other session.
      'BlockUserPayload.endedConnectionRequestIds': 2,
      'ChangePasswordPayload.endedSessionIds': SESSIONS_PER_USER_CEILING,
    });
  });

  it('are found where none is declared (the walk above bites), and only there', () => {
    expect(Object.fromEntries(unpagedLists(fixtureSchema))).toEqual({ 'Query.interests': undefined, 'Query.nodes': undefined, 'User.interests': 30 });
  });

  it('take only a whole bound of at least 1', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) expect(() => MaxItems(bad), String(bad)).toThrow(/whole number of at least 1/);
  });
});
