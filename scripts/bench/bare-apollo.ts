/**
 * A bare Apollo Server 5 (its standalone HTTP server, one trivial field), the yardstick
 * for what Quanzi's own plumbing costs on `{ __typename }`. Started by `npm run bench`.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const port = Number(process.argv[2]);
const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
console.log(`READY ${url}`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
