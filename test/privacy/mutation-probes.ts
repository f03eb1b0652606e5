/**
 * Mutations are not compared, with one exception: what a mutation answers when it names
 * the secret's people. Every mutation with a handle argument (found by introspection) is
 * sent by the viewer naming each of them, in both worlds, after the queries and the live
 * phase; its answer (data and errors) is compared, and its effect undone where an inverse
 * exists. The order is fixed and the same in both worlds, so an effect that stays does so
 * in both. Booleans are sent as false (a probe must never, say, accept a request: being
 * connected would rightly show the viewer more).
 */
import { getNamedType, isNonNullType, type GraphQLField } from 'graphql';
import type { GraphQLClient } from '../helpers/client.js';
import { candidates, describeArgs, OMIT, OperationFactory, type Call, type Domain } from './operations.js';
import { answerOf, type PhaseResult } from './queries.js';
import { gql } from './worlds.js';

/** How to take a probe back, when it succeeded. */
const INVERSES: Record<string, (args: Record<string, unknown>, data: unknown) => { query: string; variables: Record<string, unknown> } | null> = {
  sendConnectionRequest: (args) => ({ query: 'mutation($h: String!) { withdrawConnectionRequest(handle: $h) }', variables: { h: args.handle } }),
  trustUser: (args) => ({ query: 'mutation($h: String!) { revokeTrust(handle: $h) }', variables: { h: args.handle } }),
  blockUser: (args) => ({ query: 'mutation($h: String!) { unblockUser(handle: $h) }', variables: { h: args.handle } }),
  unblockUser: (args, data) => (data === true ? { query: 'mutation($h: String!) { blockUser(handle: $h) }', variables: { h: args.handle } } : null),
  banMember: (args) => ({ query: 'mutation($c: String!, $h: String!) { unbanMember(circleSlug: $c, handle: $h) }', variables: { c: args.circleSlug, h: args.handle } }),
};
// The `…WithPayload` twins do what the mutations they answer for do, and are undone the same way.
INVERSES.blockUserWithPayload = INVERSES.blockUser!;
INVERSES.banMemberWithPayload = INVERSES.banMember!;
INVERSES.unblockUserWithPayload = (args, data) => INVERSES.unblockUser!(args, (data as { unblocked: boolean }).unblocked);

const isHandleArg = (name: string) => /handle$/i.test(name);

/** The probes: each mutation with a handle argument × each secret person (× each circle where it takes one). */
export function probeCalls(factory: OperationFactory, domain: Domain, people: string[]): Call[] {
  const mutationType = factory.rootType('mutation');
  const fields = Object.values(mutationType.getFields()).filter((field) => field.args.some((arg) => isHandleArg(arg.name)));
  // Those that can be undone first, so that what stays is as little as possible.
  fields.sort((a, b) => Number(!(b.name in INVERSES)) - Number(!(a.name in INVERSES)) || a.name.localeCompare(b.name));
  const calls: Call[] = [];
  for (const field of fields as Array<GraphQLField<unknown, unknown>>) {
    for (const handle of people) {
      let variants: Array<Record<string, unknown>> = [{}];
      for (const arg of field.args) {
        let values: unknown[];
        if (isHandleArg(arg.name)) values = [handle];
        else if (/slug/i.test(arg.name)) values = domain.circleSlugs.slice(0, -1);
        else if (getNamedType(arg.type).name === 'Boolean') values = [false];
        else values = candidates(arg, domain, false).filter((value) => value !== OMIT).slice(0, 1);
        if (values.length === 0) {
          if (isNonNullType(arg.type)) values = ['probe'];
          else continue;
        }
        variants = variants.flatMap((variant) => values.map((value) => ({ ...variant, [arg.name]: value })));
      }
      for (const values of variants) {
        const root = factory.rootField('mutation', field.name, Object.keys(values), 'shallow');
        const [piece] = factory.split(root, values, `mutation.${field.name}.${Object.keys(values).sort().join(',')}`);
        calls.push({ id: `mutation ${field.name}(${describeArgs(values)})`, operation: 'mutation', root: piece!, variables: values, batchable: false });
      }
    }
  }
  return calls;
}

export async function runProbes(factory: OperationFactory, client: GraphQLClient, token: string, calls: Call[]): Promise<PhaseResult> {
  const result: PhaseResult = { answers: new Map(), sent: new Map(), operations: 0 };
  for (const call of calls) {
    const { text, variables, aliases } = factory.document([call], () => undefined);
    factory.check(text, variables);
    const answer = await gql(client, text, variables, token);
    result.operations += 1;
    result.answers.set(call.id, answerOf(answer, aliases[0]!, call.root.name));
    result.sent.set(call.id, { call, text, variables });
    const data = answer.data?.[aliases[0]!];
    const inverse = answer.data && data !== null && data !== undefined && data !== false ? INVERSES[call.root.name]?.(call.variables, data) : null;
    if (inverse) await gql(client, inverse.query, inverse.variables, token);
  }
  return result;
}
