/** Circles and posts for tests, made through the API of a test server (or any `{ client }`). */
import type { Database } from '../../src/db/database.js';
import {
  CreateCircleDocument,
  CreatePostDocument,
  InviteToCircleDocument,
  JoinCircleDocument,
  RespondToCircleInvitationDocument,
  SetMemberRoleDocument,
  type CreateCircleInput,
} from '../generated/graphql.js';
import { ok, type GraphQLClient } from './client.js';
import type { Person } from './people.js';
import { tag } from './util.js';

/** Where requests go: a TestServer, or any holder of a client. */
export interface Api {
  client: GraphQLClient;
}

/** createCircle, which must succeed: the circle as it answers. */
export async function createCircle(api: Api, owner: Person, input: CreateCircleInput) {
  return (await ok(api.client.request(CreateCircleDocument, { input }, { token: owner.token }))).createCircle;
}

/**
 * A new circle with the slug `<prefix>-<tag>` and the name `<Prefix> <slug>` (so its origin
 * shows in the graph), unless `input` says otherwise. Returns its slug. The founder consents
 * to what a credit gate discloses (disclosure.test.ts tests the refusal).
 */
export async function foundCircle(api: Api, owner: Person, prefix: string, input: Partial<CreateCircleInput> = {}): Promise<string> {
  const slug = input.slug ?? `${prefix}-${tag()}`;
  const name = `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${slug}`;
  return (await createCircle(api, owner, { slug, name, interestSlugs: ['tea-culture'], acknowledgeDisclosure: true, ...input })).slug;
}

/** joinCircle, which must succeed; the person consents to what a credit gate discloses. */
export async function joinCircle(api: Api, person: Person, slug: string) {
  return (await ok(api.client.request(JoinCircleDocument, { slug, acknowledgeDisclosure: true }, { token: person.token }))).joinCircle;
}

/** Who a moderated circle holds: its founder, the member made its moderator, and other members. */
export interface ModeratedCircleCast {
  owner: Person;
  moderator: Person;
  members: Person[];
}

/**
 * A circle `owner` founded (as foundCircle), with `moderator` and `members` in it and
 * `moderator` made its MODERATOR: where moderation tests start. Into an INVITE_ONLY circle
 * the owner invites each of them and they accept. Returns its slug.
 */
export async function moderatedCircle(api: Api, prefix: string, cast: ModeratedCircleCast, input: Partial<CreateCircleInput> = {}): Promise<string> {
  const slug = await foundCircle(api, cast.owner, prefix, input);
  for (const person of [cast.moderator, ...cast.members]) {
    if (input.joinPolicy === 'INVITE_ONLY') {
      await ok(api.client.request(InviteToCircleDocument, { circleSlug: slug, handle: person.handle }, { token: cast.owner.token }));
      await ok(api.client.request(RespondToCircleInvitationDocument, { circleSlug: slug, accept: true, acknowledgeDisclosure: true }, { token: person.token }));
    } else {
      await joinCircle(api, person, slug);
    }
  }
  await ok(api.client.request(SetMemberRoleDocument, { circleSlug: slug, handle: cast.moderator.handle, role: 'MODERATOR' }, { token: cast.owner.token }));
  return slug;
}

/** createPost, which must succeed: the post as it answers. */
export async function writePost(api: Api, author: Person, circleSlug: string, body = `post ${tag()}`) {
  return (await ok(api.client.request(CreatePostDocument, { input: { circleSlug, body } }, { token: author.token }))).createPost;
}

/** Everything the graph holds about a circle, read straight from Neo4j. */
export async function circleInGraph(database: Database, slug: string) {
  return database.forRequest().read((q) =>
    q.one<{ circle: Record<string, unknown>; members: string[]; banned: string[]; posts: string[]; interests: string[] }>(
      `MATCH (c:Circle {slug: $slug})
       RETURN c {.*} AS circle,
              COLLECT { MATCH (u:User)-[m:MEMBER_OF]->(c) RETURN u.handle + ':' + m.role AS x ORDER BY x } AS members,
              COLLECT { MATCH (u:User)-[:BANNED_FROM]->(c) RETURN u.handle AS x ORDER BY x } AS banned,
              COLLECT { MATCH (p:Post)-[:IN]->(c) RETURN p.id + ':' + p.body AS x ORDER BY x } AS posts,
              COLLECT { MATCH (c)-[:ABOUT]->(i:Interest) RETURN i.slug AS x ORDER BY x } AS interests`,
      { slug },
    ),
  );
}
