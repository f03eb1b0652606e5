/**
 * A fuzzed mutation's world: four people and a circle, with posts, a credit score, a
 * connection, a pending request, trust and a block between them; and a cheap fingerprint of
 * the graph around it, compared before and after each refused mutation.
 */
import { randomBytes } from 'node:crypto';
import { signUp, type Person } from '../people.js';
import { bureauToken, gql, test } from './harness.js';

export interface World {
  owner: Person;
  member: Person;
  outsider: Person;
  doomed: Person;
  people: Person[];
  circle: { id: string; slug: string };
  ownerPost: string;
  memberPost: string;
  /** A comment by the member on the owner's post, and the owner's reply to it. */
  memberComment: string;
  ownerReply: string;
  /** The owner's notifications (requests, a recorded score), both lists. */
  ownerNotifications: string[];
}

/** Nodes a refused mutation might have created away from the world. */
export interface Probe {
  handles?: string[];
  slugs?: string[];
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export interface Fingerprint {
  text: string;
  /** Every string property of the world's nodes, relationships and neighbours, by where it is. */
  strings: Array<[string, string]>;
}

export async function fingerprint(world: World, probe: Probe = {}): Promise<Fingerprint> {
  const rows = await test.database.forRequest().read(async (q) => {
    const around = await q.rows<Record<string, unknown>>(
      `CALL () {
         MATCH (n:User) WHERE n.id IN $users RETURN n
         UNION
         MATCH (n:Circle) WHERE n.id IN $circles RETURN n
       }
       OPTIONAL MATCH (n)-[r]-(m)
       // A circle's activity-log counter (logSeq, left out) moves when a live event is announced,
       // which can come later than the write it reports (reactions: once a second per post).
       RETURN n.id AS id, labels(n) AS labels, n {.*, logSeq: null} AS props,
              collect(CASE WHEN r IS NULL THEN null ELSE {
                type: type(r), out: startNode(r) = n, props: properties(r),
                other: coalesce(m.id, m.slug, elementId(m)), otherLabels: labels(m), otherProps: m {.*, logSeq: null}
              } END) AS rels`,
      { users: world.people.map((p) => p.id), circles: [world.circle.id] },
    );
    const handles = await q.rows<Record<string, unknown>>('MATCH (u:User) WHERE u.handle IN $handles RETURN u.handle AS handle, u.id AS id', {
      handles: probe.handles ?? [],
    });
    const slugs = await q.rows<Record<string, unknown>>('MATCH (c:Circle) WHERE c.slug IN $slugs RETURN c.slug AS slug, c.id AS id', {
      slugs: probe.slugs ?? [],
    });
    return { around, handles, slugs };
  });
  const strings: Array<[string, string]> = [];
  const collect = (where: string, props: unknown) => {
    for (const [key, value] of Object.entries((props ?? {}) as Record<string, unknown>)) {
      if (key === 'passwordHash') continue;
      for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') strings.push([`${where}.${key}`, item]);
    }
  };
  for (const row of rows.around) {
    collect(String(row.id), row.props);
    for (const rel of row.rels as Array<Record<string, unknown>>) {
      collect(`${String(row.id)}-[${String(rel.type)}]`, rel.props);
      collect(`${String(rel.other)}`, rel.otherProps);
    }
  }
  return { text: JSON.stringify(canonical(rows)), strings };
}

/**
 * What text validation refuses (src/shared/characters.ts), written out again so the oracle does
 * not trust the code: nothing stored may hold it. Every character of these classes but tab
 * and newline is refused, except where writing needs it: a ZWJ inside an emoji sequence, a
 * ZWJ or ZWNJ between two letters or marks, a variation selector right after a visible
 * character, the Mongolian vowel separator between letters, and the tags of the flags of
 * England, Scotland and Wales. (The code is stricter about joiners: only some scripts.)
 */
const REFUSED = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\u{1D159}]/u;
const NEEDED = [
  /\u{1F3F4}\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/gu,
  /(?<=\p{Extended_Pictographic}\uFE0F?|\p{Emoji_Modifier})\u200D(?=\p{Extended_Pictographic})/gu,
  /(?<=[\p{L}\p{M}])[\u200C\u200D](?=[\p{L}\p{M}])/gu,
  /(?<=[\p{L}\p{N}\p{S}\p{P}])[\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F]/gu,
  /(?<=\p{L})\u180E(?=\p{L})/gu,
];
export const holdsRefusedCharacter = (text: string) => REFUSED.test(NEEDED.reduce((rest, needed) => rest.replace(needed, ''), text));
export const HANDLE = /^[a-z][a-z0-9_]{2,29}$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export async function makeWorld(tag: string): Promise<World> {
  const [owner, member, outsider, doomed] = [
    await signUp(test.client, `fz${tag}o`),
    await signUp(test.client, `fz${tag}m`),
    await signUp(test.client, `fz${tag}x`),
    await signUp(test.client, `fz${tag}d`),
  ] as [Person, Person, Person, Person];
  await gql(
    'mutation($h: String!) { recordCreditScore(handle: $h, score: 720, source: "FuzzBureau", observedAt: "2025-01-01T00:00:00Z") { id } }',
    { h: owner.handle },
    bureauToken,
  );
  const slug = `fz-${tag.replace(/[^a-z0-9]/g, '')}-${randomBytes(5).toString('hex')}`;
  const circle = await gql<{ createCircle: { id: string } }>(
    'mutation($input: CreateCircleInput!) { createCircle(input: $input) { id } }',
    { input: { slug, name: 'Fuzz circle', description: 'Where generated inputs meet', interestSlugs: ['tea-culture'] } },
    owner.token,
  );
  for (const person of [member, doomed]) await gql('mutation($s: String!) { joinCircle(slug: $s) { id } }', { s: slug }, person.token);
  const postAs = async (person: Person, body: string) =>
    (await gql<{ createPost: { id: string } }>('mutation($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { circleSlug: slug, body } }, person.token))
      .createPost.id;
  const ownerPost = await postAs(owner, 'The owner says hello');
  const memberPost = await postAs(member, 'A member says hello');
  const commentAs = async (person: Person, input: Record<string, unknown>) =>
    (await gql<{ addComment: { id: string } }>('mutation($input: AddCommentInput!) { addComment(input: $input) { id } }', { input }, person.token)).addComment.id;
  const memberComment = await commentAs(member, { postId: ownerPost, body: 'Nice to meet you' });
  const ownerReply = await commentAs(owner, { postId: ownerPost, body: 'Welcome', replyToId: memberComment });
  const request = 'mutation($h: String!, $m: String!) { sendConnectionRequest(handle: $h, message: $m) { createdAt } }';
  await gql(request, { h: owner.handle, m: 'Tea some time?' }, member.token);
  await gql(request, { h: owner.handle, m: 'Hello there' }, outsider.token);
  await gql('mutation($h: String!) { respondToConnectionRequest(fromHandle: $h, accept: true) { status } }', { h: outsider.handle }, owner.token);
  await gql('mutation($h: String!) { trustUser(handle: $h, weight: 0.5) { weight } }', { h: member.handle }, owner.token);
  await gql('mutation($h: String!) { blockUser(handle: $h) }', { h: doomed.handle }, outsider.token);
  const notes = await gql<Record<'main' | 'filtered', { edges: Array<{ node: { id: string } }> }>>(
    '{ main: notifications(first: 10) { edges { node { id } } } filtered: notifications(first: 10, filtered: true) { edges { node { id } } } }',
    {},
    owner.token,
  );
  const ownerNotifications = [...notes.main.edges, ...notes.filtered.edges].map((edge) => edge.node.id);
  return { owner, member, outsider, doomed, people: [owner, member, outsider, doomed], circle: { id: circle.createCircle.id, slug }, ownerPost, memberPost, memberComment, ownerReply, ownerNotifications };
}
