/**
 * Fuzzing a mutation: its spec (how to call it, with what, as whom, and what success
 * implies; the specs are in mutation-specs.ts), one generated call with everything that
 * must hold around it, and the test that runs a feature's specs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bureauToken, check, effective, encodeJson, expectAlive, expectSafeReply, literal, post, safetyToken, stringsIn, verifierToken } from './harness.js';
import { fingerprint, HANDLE, holdsRefusedCharacter, makeWorld, type Probe, type World } from './world.js';

export type Actor = 'anonymous' | 'owner' | 'member' | 'outsider' | 'doomed' | 'bureau' | 'verifier' | 'safety';
export type Vars = Record<string, unknown>;

export interface Spec {
  name: string;
  as: Actor;
  args: Array<[name: string, type: string]>;
  select?: string;
  gen: (world: World, p: number) => fc.Arbitrary<Vars>;
  /** Checks what a success implies. `vars` are as the server saw them (RawJson resolved). */
  oracle?: (vars: Vars, data: any, world: World) => void;
  /** Checks what must succeed (when the right token was sent). */
  mustSucceed?: (vars: Vars, world: World) => boolean;
  probe?: (vars: Vars) => Probe;
  /** Refusals (by `extensions.reason`) that write by design, e.g. TOKEN_REUSED ends the session. */
  refusalWrites?: string[];
}

type TokenMode = 'right' | 'none' | 'wrong-role' | 'garbage';

function tokenFor(actor: Actor, mode: TokenMode, world: World): string | undefined {
  if (mode === 'none') return undefined;
  if (mode === 'garbage') return `${world.owner.token.slice(0, -4)}AAAA`;
  if (mode === 'wrong-role') return ['bureau', 'verifier', 'safety'].includes(actor) ? world.owner.token : verifierToken;
  switch (actor) {
    case 'anonymous':
      return undefined;
    case 'bureau':
      return bureauToken;
    case 'verifier':
      return verifierToken;
    case 'safety':
      return safetyToken;
    default:
      return world[actor].token;
  }
}

function documentFor(spec: Spec, vars: Vars, inline: boolean): { query: string; variables?: Vars } {
  const present = spec.args.filter(([name]) => vars[name] !== undefined);
  const selection = spec.select ? ` { ${spec.select} }` : '';
  if (inline) {
    const args = present.map(([name]) => `${name}: ${literal(vars[name])}`).join(', ');
    return { query: `mutation Fuzz { ${spec.name}${args ? `(${args})` : ''}${selection} }` };
  }
  const definitions = spec.args.map(([name, type]) => `$${name}: ${type}`).join(', ');
  const args = spec.args.map(([name]) => `${name}: $${name}`).join(', ');
  const wrap = (list: string) => (list ? `(${list})` : '');
  return { query: `mutation Fuzz${wrap(definitions)} { ${spec.name}${wrap(args)}${selection} }`, variables: vars };
}

/** Sends one generated call and checks everything that must hold around it. */
async function fuzzOnce(spec: Spec, world: World, vars: Vars, inline: boolean, tokenMode: TokenMode): Promise<string> {
  const document = documentFor(spec, vars, inline);
  const body = encodeJson(document);
  const seen = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, effective(v)]));
  const probe = spec.probe?.(seen) ?? {};
  const before = await fingerprint(world, probe);
  const reply = await post(body, tokenFor(spec.as, tokenMode, world));
  const after = await fingerprint(world, probe);

  expectSafeReply(reply, stringsIn(vars));
  const errors = reply.body!.errors ?? [];
  const data = reply.body!.data ?? null;
  const succeeded = errors.length === 0 && data !== null && data[spec.name] !== undefined && data[spec.name] !== null;
  // A mutation succeeds whole or not at all: no data with errors.
  if (errors.length > 0) expect(data?.[spec.name] ?? null, reply.text.slice(0, 400)).toBeNull();
  const refusalMayWrite = errors.some((error) => spec.refusalWrites?.includes(String(error.extensions?.reason)));
  if (!succeeded && !refusalMayWrite) {
    expect(after.text, `a refused ${spec.name} changed the graph: ${reply.text.slice(0, 400)}`).toBe(before.text);
  }
  if (succeeded) {
    const anonymousOk = spec.as === 'anonymous';
    expect(anonymousOk || tokenMode === 'right', `${spec.name} succeeded with a ${tokenMode} token`).toBe(true);
    if (!inline) spec.oracle?.(seen, data, world);
  }
  if (!succeeded && !inline && tokenMode === 'right' && spec.mustSucceed?.(seen, world)) {
    expect.fail(`${spec.name} was refused where it must succeed: ${reply.text.slice(0, 400)}`);
  }
  // Nothing stored around the world holds control or invisible characters.
  for (const [where, value] of after.strings) expect(holdsRefusedCharacter(value), `${where} = ${JSON.stringify(value).slice(0, 200)}`).toBe(false);
  for (const [where, value] of after.strings) if (where.endsWith('.handle')) expect(value, where).toMatch(HANDLE);
  return succeeded ? 'accepted' : `${reply.status} ${[...new Set(errors.map((e) => String(e.extensions?.code)))].join('+')}`;
}

/** Counts outcomes, for a line per property saying what the generated inputs reached. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }
  toString(): string {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ');
  }
}

const MUTATION_RUNS = Number(process.env.FUZZ_MUTATION_RUNS ?? 60);

/**
 * One test per mutation of `specs` (a feature's, from mutation-specs.ts), under the name every
 * mutation's fuzz test has: "every mutation, with generated arguments".
 */
export function describeMutationFuzz(specs: Spec[]): void {
  describe('every mutation, with generated arguments', () => {
    for (const spec of specs) {
      it(`${spec.name}: never a 5xx or an internal error, and a refusal changes nothing`, { timeout: 120_000 }, async () => {
        const world = await makeWorld(spec.name.toLowerCase().slice(0, 8));
        // Arguments in variables (JSON, with JSON-invalid numbers spliced in) or as literals in the document.
        const inlineMode = fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
        const tokenMode = fc.oneof(
          { weight: 12, arbitrary: fc.constant<TokenMode>('right') },
          { weight: 1, arbitrary: fc.constantFrom<TokenMode>('none', 'wrong-role', 'garbage') },
        );
        const tally = new Tally();
        await check(
          spec.name,
          fc.asyncProperty(fc.oneof(spec.gen(world, 1), spec.gen(world, 12)), inlineMode, tokenMode, async (vars, inline, mode) => tally.add(await fuzzOnce(spec, world, vars, inline, mode))),
          MUTATION_RUNS,
        );
        console.info(`fuzz ${spec.name}: ${tally}`);
        await expectAlive();
      });
    }
  });
}
