/**
 * The nested-read shapes of issue 16, each as Quanzi's request and as the closest request
 * the Neo4j GraphQL Library peer (library-peer.ts) answers over the same graph. Both ask for
 * the same fields; where the Library cannot say what Quanzi's field means, the comment says
 * what it asks instead.
 */
import type { Viewer } from './scenarios.js';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface NestedShape {
  name: string;
  /** What the shape reads, for the summary. */
  what: string;
  quanzi(viewer: Viewer, other: Viewer): GraphQLRequest;
  library(viewer: Viewer, other: Viewer): GraphQLRequest;
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

export const NESTED_SHAPES: NestedShape[] = [
  {
    name: 'profile',
    what: 'a person with their interests and their first 20 circles (name order)',
    quanzi: (_viewer, other) => ({
      query: `query Profile($handle: String!) {
        user(handle: $handle) { id handle realName bio interests { slug name } circles(first: 20) { edges { node { slug name } } } }
      }`,
      variables: { handle: other.handle },
    }),
    library: (_viewer, other) => ({
      query: `query Profile($handle: String!) {
        users(where: { handle: { eq: $handle } }) { id handle realName bio interests { slug name } circles(limit: 20, sort: [{ name: ASC }, { slug: ASC }]) { slug name } }
      }`,
      variables: { handle: other.handle },
    }),
  },
  {
    name: 'circle_page',
    what: 'a circle with its member count, first 20 members (earliest first) and newest 20 posts with authors',
    quanzi: (viewer) => ({
      query: `query CirclePage($slug: String!) {
        circle(slug: $slug) {
          id name description memberCount
          members(first: 20) { edges { node { role user { handle realName } } } }
          posts(first: 20) { edges { node { id body author { handle realName } } } }
        }
      }`,
      variables: { slug: pick(viewer.circles) },
    }),
    library: (viewer) => ({
      query: `query CirclePage($slug: String!) {
        circles(where: { slug: { eq: $slug } }) {
          id name description
          membersConnection(first: 20, sort: [{ edge: { joinedAt: ASC } }]) { totalCount edges { properties { role } node { handle realName } } }
          posts(limit: 20, sort: [{ createdAt: DESC }]) { id body author { handle realName } }
        }
      }`,
      variables: { slug: pick(viewer.circles) },
    }),
  },
  {
    name: 'circle_list',
    what: "the first 20 circles in name order, with member counts and the viewer's role",
    quanzi: () => ({
      query: `query CircleList { circles(first: 20) { edges { node { slug name memberCount viewerRole } } } }`,
    }),
    library: (viewer) => ({
      query: `query CircleList($viewerId: ID!) {
        circles(limit: 20, sort: [{ name: ASC }, { slug: ASC }]) {
          slug name
          membersConnection { totalCount }
          viewer: membersConnection(where: { node: { id: { eq: $viewerId } } }) { edges { properties { role } } }
        }
      }`,
      variables: { viewerId: viewer.id },
    }),
  },
  {
    // The Library has no notion of "people who blocked me": its closest request is the
    // newest 20 posts in circles the viewer belongs to, without the block filter. It is
    // last because the Library takes over a minute to answer it on the 10k graph (see
    // docs/benchmarks.md), and its unfinished statements can leave the database busy for
    // the next shape.
    name: 'feed',
    what: "a feed page: the newest 20 posts in the viewer's circles, with author and circle",
    quanzi: () => ({
      query: `query Feed { feed(first: 20) { edges { node { id body author { handle realName } circle { slug name } } } } }`,
    }),
    library: (viewer) => ({
      query: `query Feed($viewerId: ID!) {
        posts(where: { circle: { members: { some: { id: { eq: $viewerId } } } } }, sort: [{ createdAt: DESC }], limit: 20) {
          id body author { handle realName } circle { slug name }
        }
      }`,
      variables: { viewerId: viewer.id },
    }),
  },
];
