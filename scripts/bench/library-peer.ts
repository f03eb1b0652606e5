/**
 * The Neo4j GraphQL Library (@neo4j/graphql 7) as a benchmark peer: a bare Apollo Server 5
 * on loopback serving an API the Library generates from plain type definitions of the graph
 * Quanzi stores (labels, properties and relationship types as src/seed/generate.ts and the
 * features write them), over the same database. Started by the nested-read benchmark with
 * the database's address in NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.
 *
 * It has no authentication, no privacy and no blocks: everything in the graph is readable by
 * anyone who can reach it. It is a yardstick for speed, not something to serve people with.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';

/** Only what the benchmark's shapes read; the names follow the stored graph, not Quanzi's schema. */
export const LIBRARY_TYPE_DEFS = /* GraphQL */ `
  type User @node {
    id: ID!
    handle: String!
    realName: String!
    verified: Boolean!
    bio: String
    createdAt: DateTime!
    interests: [Interest!]! @relationship(type: "INTERESTED_IN", direction: OUT)
    circles: [Circle!]! @relationship(type: "MEMBER_OF", direction: OUT, properties: "Membership")
  }

  type Membership @relationshipProperties {
    role: String!
    joinedAt: DateTime!
  }

  type Interest @node {
    slug: String!
    name: String!
  }

  type Circle @node {
    id: ID!
    slug: String!
    name: String!
    description: String
    membersOnly: Boolean!
    createdAt: DateTime!
    members: [User!]! @relationship(type: "MEMBER_OF", direction: IN, properties: "Membership")
    posts: [Post!]! @relationship(type: "IN", direction: IN)
  }

  type Post @node {
    id: ID!
    body: String!
    createdAt: DateTime!
    author: User @relationship(type: "POSTED", direction: IN)
    circle: Circle @relationship(type: "IN", direction: OUT)
  }
`;

const port = Number(process.argv[2]);
const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic(process.env.NEO4J_USERNAME ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
const library = new Neo4jGraphQL({ typeDefs: LIBRARY_TYPE_DEFS, driver });
const server = new ApolloServer({ schema: await library.getSchema() });
const database = process.env.NEO4J_DATABASE;
const { url } = await startStandaloneServer(server, {
  listen: { port, host: '127.0.0.1' },
  context: async () => (database ? { sessionConfig: { database } } : {}),
});
console.log(`READY ${url}`);
process.on('SIGTERM', () => void server.stop().then(() => driver.close()).then(() => process.exit(0)));
