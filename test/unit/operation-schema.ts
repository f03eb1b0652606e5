/**
 * A small schema with the shapes operation measuring cares about: a Relay connection
 * (`edges` under a `…Connection`), lists without `first` (one declaring its bound, one
 * not), a paged field without a `first` sent, one paged both ways (`last`), an interface,
 * and each root type. For the operation unit tests.
 */
import { buildSchema, type GraphQLObjectType } from 'graphql';
import type { OperationLimits } from '../../src/config.js';

export const schema = buildSchema(`
  type Query {
    me: User
    user(handle: String!): User
    people(first: Int, after: String): UserConnection!
    history(first: Int, after: String, last: Int, before: String): UserConnection!
    interests: [Interest!]!
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
  }
  type Mutation { follow(handle: String!): User }
  type Subscription { joined: User! }
  interface Node { id: ID! }
  type User implements Node {
    id: ID!
    handle: String!
    friends(first: Int, after: String): UserConnection!
    interests: [Interest!]!
    mentor: User
  }
  type UserConnection { edges: [UserEdge!]! pageInfo: PageInfo! }
  type UserEdge { cursor: String! node: User! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Interest { slug: String! name: String! }
`);

/**
 * `User.interests` declares at most 30 items, as `@MaxItems(30)` does on the server; SDL
 * cannot carry field extensions, so they are set on the built field. `Query.interests` declares none.
 */
const userInterests = (schema.getType('User') as GraphQLObjectType).getFields().interests!;
userInterests.extensions = { maxItems: 30 };

/** The server's defaults (src/config.ts). */
export const LIMITS: OperationLimits = { maxPageSize: 100, maxDepth: 8, maxAliases: 15, maxDirectives: 50, maxTokens: 1000, maxCost: 5000 };
