/**
 * The viewer's subscriptions: every Subscription field with every argument the world
 * offers (each circle slug, and one that never existed), the full selection split into
 * pieces, all open at once over graphql-ws while the world's people write (the world
 * plan's `live` actions, the same in both worlds).
 *
 * Determinism. The server resolves each subscription's events in order, while the next
 * write may already be changing what a pending event's fields read. So after every write
 * the harness waits, on the streams the write touched, for a barrier that leaves nothing
 * visible behind, and only then writes again:
 *  - a circle's barrier is a same-text edit of an "anchor" post the sentinel (`zz_sentinel`,
 *    in every circle) wrote before anyone subscribed: only its `editedAt` changes, which
 *    normalising hides. Subscriptions that do not carry edits (found by calibration: an edit
 *    then a post, in order) instead wait for the write's own post when a subscription of
 *    the same circle that carries edits received it;
 *  - the viewer's own stream's barrier is a request from a pinger (`zz_pinger`, in nothing,
 *    so in no answer; its account aged past the policy's new-account class, so the request's
 *    notification is pushed too), withdrawn at once, and a message from a talker (`zz_talker`,
 *    connected with the viewer alone, after the queries), which the viewer then marks read:
 *    both leave the viewer's unread counts as they were.
 * graphql-ws does not acknowledge a subscription, so warm-ups (posts deleted afterwards,
 * requests withdrawn) first make every subscription live. Markers never reach the answers.
 */
import { getNamedType, type GraphQLFormattedError } from 'graphql';
import type { Client } from 'graphql-ws';
import { wsClient } from '../helpers/subscriptions.js';
import { sleep } from '../helpers/util.js';
import { combos, describeArgs, OperationFactory, type Call, type Domain, type Sel } from './operations.js';
import type { CallAnswer, PhaseResult } from './queries.js';
import { describeAction, gql, perform, PINGER, remember, SENTINEL, TALKER, type Action, type BuildContext, type World } from './worlds.js';

interface LiveSub {
  call: Call;
  /** Where its events carry their marker leaves. */
  markers: Sel[];
  /** `circle:<slug>`, or `person` for the viewer's own events. */
  stream: string;
  /** The subscription field. */
  field: string;
  events: unknown[];
  eventErrors: Array<readonly GraphQLFormattedError[] | undefined>;
  errors: unknown[];
  ended: 'complete' | 'error' | null;
  live: boolean;
  /** Whether it carries edits (calibrated); anchor edits seen so far. */
  carriesEdits: boolean | null;
  edits: number;
  /** Marker texts and world post bodies seen. */
  seen: Set<string>;
}

const WARM_UP = 'warm-up';
const ANCHOR = 'anchor';
const CALIBRATE = 'calibrate';
const BARRIER = 'barrier';
const MARKERS = [WARM_UP, ANCHOR, CALIBRATE, BARRIER];

/** The strings at an event's own marker leaves (its post's body, its message, its deleted post's id), not those of lists inside it. */
function markersIn(value: unknown, sels: Sel[], out: string[] = []): string[] {
  if (!value || typeof value !== 'object') return out;
  for (const sel of sels) {
    if (sel.kind === 'fragment') {
      markersIn(value, sel.children, out);
      continue;
    }
    const inner = (value as Record<string, unknown>)[sel.name];
    if (sel.children.length === 0 && typeof inner === 'string') out.push(inner);
    else markersIn(inner, sel.children, out);
  }
  return out;
}

const WAIT_MS = 15_000;

export class LivePhase {
  private readonly subs: LiveSub[] = [];
  private readonly clients: Client[] = [];
  /** Texts of the sentinel's posts by id: the deletion of one is a marker too. */
  private readonly markerPosts = new Map<string, string>();
  private readonly anchors: string[] = [];
  private readonly anchorEdits: number[] = [];
  private requests = 0;

  constructor(
    private readonly factory: OperationFactory,
    private readonly ctx: BuildContext,
    private readonly world: World,
    private readonly wsUrl: string,
    private readonly limits: { maxSubscriptionsPerConnection: number; maxConnectionsPerUser: number },
  ) {}

  /** Every Subscription field × argument combination, split into pieces that all carry the marker leaves. */
  calls(domain: Domain): Call[] {
    const calls: Call[] = [];
    const subscriptionType = this.factory.rootType('subscription');
    for (const field of Object.values(subscriptionType.getFields())) {
      const markers = this.factory.markerPaths(getNamedType(field.type));
      for (const combo of combos(field, domain)) {
        const argNames = Object.keys(combo.values).sort();
        const root = this.factory.rootField('subscription', field.name, argNames, 'full');
        const pieces = this.factory.split(root, combo.values, `subscription.${field.name}.${argNames.join(',')}`, markers);
        pieces.forEach((piece, index) =>
          calls.push({
            id: `subscription ${field.name}(${describeArgs(combo.values)})${pieces.length > 1 ? ` [${index + 1}/${pieces.length}]` : ''}`,
            operation: 'subscription',
            root: piece,
            variables: combo.values,
            batchable: false,
          }),
        );
      }
    }
    return calls;
  }

  private circleIndex(stream: string): number {
    return this.world.plan.circles.findIndex((circle) => `circle:${circle.slug}` === stream);
  }

  private async must(action: Action): Promise<void> {
    const answer = await perform(this.ctx, this.world, action, false);
    if (answer.errors) throw new Error(`harness: could not ${describeAction(action, this.world.plan)}: ${JSON.stringify(answer.errors)}`);
  }

  /** The sentinel (verified, the best score, in every circle, with an anchor post in each), the pinger and the talker. */
  async enlist(): Promise<void> {
    await this.must({ do: 'signUp', p: SENTINEL });
    await this.must({ do: 'signUp', p: PINGER });
    await this.ctx.database.forRequest().write((q) => q.rows("MATCH (u:User {id: $id}) SET u.createdAt = datetime() - duration('P30D')", { id: this.world.ids.get('person:zz_pinger') }));
    await this.must({ do: 'signUp', p: TALKER });
    await this.must({ do: 'request', p: TALKER, q: this.world.plan.viewer, message: 'talker' });
    await this.must({ do: 'accept', p: this.world.plan.viewer, q: TALKER });
    await this.must({ do: 'verify', p: SENTINEL });
    await this.must({ do: 'score', p: SENTINEL, score: 950, observedAt: '2024-01-01T00:00:00.000Z' });
    for (let c = 0; c < this.world.plan.circles.length; c++) {
      await this.must({ do: 'join', p: SENTINEL, c, ack: true });
      const [id] = await this.sentinelPosts([c], ANCHOR);
      remember(this.world, `post:anchor:${c}`, id!, `post:anchor:${c}`);
      this.anchors.push(id!);
      this.anchorEdits.push(0);
    }
  }

  /** Opens every subscription as the viewer. */
  open(calls: Call[], token: string, coverage: Set<string>): void {
    const perClient = this.limits.maxSubscriptionsPerConnection;
    if (calls.length > perClient * this.limits.maxConnectionsPerUser) throw new Error(`harness: ${calls.length} subscriptions are more than one person may hold`);
    calls.forEach((call, index) => {
      if (index % perClient === 0) this.clients.push(wsClient(this.wsUrl, token));
      const slug = Object.entries(call.variables).find(([name]) => /slug/i.test(name))?.[1];
      const sub: LiveSub = {
        call,
        markers: this.factory.markerPaths(getNamedType(this.factory.rootType('subscription').getFields()[call.root.name]!.type)),
        stream: slug === undefined ? 'person' : `circle:${slug}`,
        field: call.root.name,
        events: [],
        eventErrors: [],
        errors: [],
        ended: null,
        live: false,
        carriesEdits: null,
        edits: 0,
        seen: new Set(),
      };
      this.subs.push(sub);
      const { text, variables } = this.factory.document([call], () => undefined);
      this.factory.check(text, variables);
      OperationFactory.fieldsIn(call.root, coverage);
      this.clients.at(-1)!.subscribe<Record<string, unknown>>(
        { query: text, variables },
        {
          next: (result) => this.receive(sub, result.data, result.errors),
          error: (error) => {
            sub.errors.push(Array.isArray(error) ? error : { close: (error as { code?: number })?.code ?? String(error) });
            sub.ended = 'error';
          },
          complete: () => {
            sub.ended ??= 'complete';
          },
        },
      );
    });
  }

  private receive(sub: LiveSub, data: Record<string, unknown> | null | undefined, errors: readonly GraphQLFormattedError[] | undefined): void {
    const texts = markersIn(data?.[sub.call.root.name], sub.markers).map((text) => this.markerPosts.get(text) ?? text);
    const marker = texts.find((text) => MARKERS.some((m) => text.startsWith(m)));
    if (marker) {
      if (marker.startsWith(WARM_UP)) sub.live = true;
      if (marker.startsWith(ANCHOR)) {
        sub.edits += 1;
        sub.carriesEdits ??= true;
      }
      if (marker.startsWith(CALIBRATE)) sub.carriesEdits ??= false;
      sub.seen.add(marker);
      return;
    }
    // Before its first warm-up nothing but markers can arrive; after it every event is kept.
    if (!sub.live) return;
    for (const text of texts) sub.seen.add(text);
    sub.events.push(data?.[sub.call.root.name] ?? null);
    sub.eventErrors.push(errors);
  }

  private async sentinelPosts(circles: number[], text: string): Promise<string[]> {
    const ids: string[] = [];
    for (const c of circles) {
      const body = text === ANCHOR ? `${ANCHOR} ${c}` : `${text} ${c}`;
      const answer = await gql(this.ctx.client, 'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { circleSlug: this.world.plan.circles[c]!.slug, body } }, this.world.tokens.get(SENTINEL));
      const id = (answer.data?.createPost as { id: string } | undefined)?.id;
      if (!id) throw new Error(`harness: the sentinel could not post: ${JSON.stringify(answer.errors)}`);
      this.markerPosts.set(id, body);
      ids.push(id);
    }
    return ids;
  }

  private async sentinelDeletes(ids: string[]): Promise<void> {
    for (const id of ids) {
      const answer = await gql(this.ctx.client, 'mutation($id: ID!) { deletePost(id: $id) }', { id }, this.world.tokens.get(SENTINEL));
      if (answer.errors) throw new Error(`harness: the sentinel could not delete its post: ${JSON.stringify(answer.errors)}`);
    }
  }

  /** The pinger asks the viewer to connect with `text`, or (null) withdraws. */
  private async ping(text: string | null): Promise<void> {
    const viewer = this.world.plan.handles[this.world.plan.viewer]!;
    const token = this.world.tokens.get(PINGER);
    await gql(this.ctx.client, 'mutation($handle: String!) { withdrawConnectionRequest(handle: $handle) }', { handle: viewer }, token);
    if (text === null) return;
    const answer = await gql(this.ctx.client, 'mutation($handle: String!, $message: String!) { sendConnectionRequest(handle: $handle, message: $message) { message } }', { handle: viewer, message: text }, token);
    if (answer.errors) throw new Error(`harness: the pinger could not ask the viewer to connect: ${JSON.stringify(answer.errors)}`);
  }

  /** The talker writes to the viewer with `text`, or (null) the viewer reads it. */
  private async talk(text: string | null): Promise<void> {
    const viewer = this.world.plan.viewer;
    await this.must(text === null ? { do: 'read', p: viewer, q: TALKER } : { do: 'message', p: TALKER, q: viewer, body: text });
  }

  private async until(done: () => LiveSub[], what: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const waiting = done().filter((sub) => sub.ended === null);
      if (waiting.length === 0) return;
      if (Date.now() > deadline) {
        const detail = waiting.map((sub) => `${sub.call.id}: ${sub.events.length} events, last ${JSON.stringify(sub.events.at(-1))?.slice(0, 300)}, errors ${JSON.stringify(sub.eventErrors.at(-1))?.slice(0, 300)}`);
        throw new Error(`harness: ${detail.join('; ')} did not see ${what} within ${WAIT_MS} ms`);
      }
      await sleep(5);
    }
  }

  /** Warm-ups until every subscription is live or ended; then calibration; every trace removed. */
  async warmUp(): Promise<void> {
    const circles = this.world.plan.circles.map((_, c) => c);
    const posts: string[] = [];
    for (let attempt = 0; !this.subs.every((sub) => sub.live || sub.ended !== null); attempt++) {
      if (attempt === 100) throw new Error(`harness: no warm-up reached ${this.subs.filter((sub) => !sub.live && sub.ended === null).map((sub) => sub.call.id).join('; ')}: the live phase needs a write that reaches it`);
      posts.push(...(await this.sentinelPosts(circles, `${WARM_UP} ${attempt}`)));
      await this.ping(`${WARM_UP} ${attempt}`);
      await this.talk(`${WARM_UP} ${attempt}`);
      const until = Date.now() + 200;
      while (Date.now() < until && !this.subs.every((sub) => sub.live || sub.ended !== null)) await sleep(5);
    }
    await this.ping(null);
    await this.talk(null);
    // Calibration: an anchor edit, then a post; a subscription that sees the post without the edit carries no edits.
    for (const c of circles) await this.editAnchor(c);
    posts.push(...(await this.sentinelPosts(circles, CALIBRATE)));
    await this.until(() => this.subs.filter((sub) => sub.stream !== 'person' && !sub.seen.has(`${CALIBRATE} ${this.circleIndex(sub.stream)}`) && this.circleIndex(sub.stream) >= 0), 'the calibration post');
    await this.sentinelDeletes(posts);
    for (const c of circles) await this.barrierOn(c, null);
  }

  private async editAnchor(c: number): Promise<void> {
    const answer = await gql(this.ctx.client, 'mutation($input: EditPostInput!) { editPost(input: $input) { id } }', { input: { id: this.anchors[c], body: `${ANCHOR} ${c}` } }, this.world.tokens.get(SENTINEL));
    if (answer.errors) throw new Error(`harness: the sentinel could not edit its anchor: ${JSON.stringify(answer.errors)}`);
    this.anchorEdits[c]! += 1;
  }

  /** The barrier on circle `c`; when the write was the post `body`, its delivery is waited for everywhere it went. */
  private async barrierOn(c: number, body: string | null): Promise<void> {
    const stream = `circle:${this.world.plan.circles[c]!.slug}`;
    await this.editAnchor(c);
    const onStream = () => this.subs.filter((sub) => sub.stream === stream);
    await this.until(() => onStream().filter((sub) => sub.carriesEdits !== false && sub.edits < this.anchorEdits[c]!), `anchor edit ${this.anchorEdits[c]} of circle ${c}`);
    if (body === null || !onStream().some((sub) => sub.carriesEdits && sub.seen.has(body))) return;
    await this.until(() => onStream().filter((sub) => sub.carriesEdits === false && !sub.seen.has(body)), `the post "${body}"`);
  }

  private async barrierOnPerson(): Promise<void> {
    const text = `${BARRIER} ${++this.requests}`;
    await this.ping(text);
    await this.talk(text);
    await this.until(() => this.subs.filter((sub) => sub.stream === 'person' && !sub.seen.has(text)), `the request and message "${text}"`);
    await this.ping(null);
    await this.talk(null);
  }

  /** Subscriptions of the viewer's own stream a write reaches: `fields` by name. */
  private watching(fields: string[], text: string): () => LiveSub[] {
    return () => this.subs.filter((sub) => fields.includes(sub.field) && !sub.seen.has(text));
  }

  /**
   * The world's live writes, each followed by the barriers of the streams it touches. A
   * request or message that went through is first waited for itself, where it goes: the
   * barrier changes the viewer's unread counts, which its event may still be reading. A
   * request is pushed (on connectionRequestReceived, as on notificationAdded: it is one
   * kind of notification) only where the viewer's policy shows new accounts (as everyone
   * in a world is).
   */
  async script(actions: Action[]): Promise<void> {
    const viewer = this.world.plan.viewer;
    const showsAll = this.world.plan.actions.some((action) => action.do === 'notificationPolicy' && action.p === viewer);
    for (const action of actions) {
      const answer = await perform(this.ctx, this.world, action);
      if ('c' in action) await this.barrierOn(action.c, action.do === 'post' ? action.body : null);
      if (action.do === 'edit' || action.do === 'delete') for (let c = 0; c < this.world.plan.circles.length; c++) await this.barrierOn(c, null);
      if (action.do === 'request' || action.do === 'message') {
        if (!answer.errors && action.do === 'request') {
          const fields = showsAll ? ['connectionRequestReceived', 'notificationAdded'] : [];
          await this.until(this.watching(fields, action.message), `the request "${action.message}"`);
        }
        if (!answer.errors && action.do === 'message') await this.until(this.watching(['messageReceived'], action.body), `the message "${action.body}"`);
        await this.barrierOnPerson();
      }
    }
  }

  close(): Promise<unknown> {
    return Promise.all(this.clients.map((client) => client.dispose()));
  }

  /** What each subscription answered: its events (markers left out), how it ended, its errors. */
  result(): PhaseResult {
    const result: PhaseResult = { answers: new Map(), sent: new Map(), operations: this.subs.length };
    for (const sub of this.subs) {
      const answer: CallAnswer = {
        status: 200,
        value: {
          events: sub.events,
          eventErrors: sub.eventErrors.map((errors) => errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) ?? null),
          ended: sub.ended ?? 'open',
        },
        errors: sub.errors.flatMap((error) =>
          Array.isArray(error)
            ? (error as GraphQLFormattedError[]).map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path ?? null, extensions: {} }))
            : [{ message: JSON.stringify(error), code: 'CLOSED', path: null, extensions: {} }],
        ),
      };
      result.answers.set(sub.call.id, answer);
      const { text, variables } = this.factory.document([sub.call], () => undefined);
      result.sent.set(sub.call.id, { call: sub.call, text, variables });
    }
    return result;
  }
}
