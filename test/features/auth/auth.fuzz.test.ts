/**
 * Fuzzing signUp and logIn with generated arguments (the machinery and the specs:
 * helpers/fuzz/), and handles: one person per handle, whatever it looks like. Look-alikes
 * that fold (case, full-width, NFKC forms, ligatures) are the same handle: refused with
 * CONFLICT, found by user(handle:), logged in as; homoglyphs that do not fold are refused.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHandle } from '../../../src/shared/validate.js';
import { fullWidth } from '../../helpers/fuzz/arbitraries.js';
import { check, expectSafeReply, fuzzServer, post } from '../../helpers/fuzz/harness.js';
import { MUTATION_SPECS } from '../../helpers/fuzz/mutation-specs.js';
import { describeMutationFuzz } from '../../helpers/fuzz/mutations.js';
import { PASSWORD, signUp } from '../../helpers/people.js';

const test = fuzzServer();

describeMutationFuzz(MUTATION_SPECS.auth);

// ---------------------------------------------------------------------------------------
// Handles: one person per handle, whatever it looks like
// ---------------------------------------------------------------------------------------

describe('handles', () => {
  /** A character and forms of it that NFKC and lower-casing fold into it. */
  const FOLDS: Record<string, string[]> = {
    ...Object.fromEntries(
      'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => [
        c,
        [
          c.toUpperCase(),
          String.fromCharCode(c.charCodeAt(0) + 0xfee0), // full-width small, U+FF41–FF5A
          String.fromCharCode(c.toUpperCase().charCodeAt(0) + 0xfee0), // full-width capital, U+FF21–FF3A
          String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97), // mathematical bold small
          String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 97), // mathematical bold capital
          String.fromCodePoint(0x24d0 + c.charCodeAt(0) - 97), // circled small
        ],
      ]),
    ),
    ...Object.fromEntries('0123456789'.split('').map((d) => [d, [String.fromCharCode(d.charCodeAt(0) + 0xfee0), String.fromCodePoint(0x1d7ce + Number(d))]])),
    _: ['\uff3f'],
  };
  FOLDS.s!.push('ſ'); // long s
  FOLDS.k!.push('\u212a'); // Kelvin sign
  FOLDS.l!.push('ℓ');
  FOLDS.i!.push('ⅰ'); // small roman numeral one
  const LIGATURES: Array<[string, string]> = [['fi', 'ﬁ'], ['fl', 'ﬂ'], ['ff', 'ﬀ'], ['ffi', 'ﬃ'], ['st', 'ﬆ'], ['ii', 'ⅱ'], ['iv', 'ⅳ'], ['dz', 'ǳ'], ['lj', 'ǉ'], ['nj', 'ǌ']];

  const plainHandle = fc
    .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.stringMatching(/^[a-z0-9_]{2,14}$/), fc.constantFrom('fi', 'st', 'ff', 'sk', 'il', 'iv', ''))
    .map(([first, rest, tail]) => `${first}${rest}${tail}`);

  /** A look-alike of `plain`: every character replaced, or kept, by one of its folding forms. */
  const variantOf = (plain: string) =>
    fc
      .tuple(
        fc.array(fc.nat(), { minLength: plain.length, maxLength: plain.length }),
        fc.boolean(),
        fc.constantFrom('', ' ', '\u3000', '\u00a0', '\u2003'),
      )
      .map(([choices, ligatures, pad]) => {
        let text = plain;
        if (ligatures) for (const [from, to] of LIGATURES) text = text.split(from).join(to);
        const chars = [...text].map((c, i) => {
          const forms = FOLDS[c];
          if (!forms) return c;
          const pick = choices[i % choices.length]! % (forms.length + 1);
          return pick === forms.length ? c : forms[pick]!;
        });
        return `${pad}${chars.join('')}${pad}`;
      });

  it('look-alikes of a taken handle are refused with CONFLICT, and user(handle:) finds the same person', { timeout: 120_000 }, async () => {
    const viewer = await signUp(test.client, 'fzlook');
    await check(
      'handle look-alikes',
      fc.asyncProperty(
        plainHandle.chain((plain) => fc.tuple(fc.constant(plain), fc.array(variantOf(plain), { minLength: 1, maxLength: 4 }))),
        async ([base, variants]) => {
          const plain = `${base}_${randomBytes(3).toString('hex')}`.slice(0, 30);
          const made = await post(
            JSON.stringify({ query: 'mutation($input: SignUpInput!) { signUp(input: $input) { user { id handle } } }', variables: { input: { handle: plain, realName: 'Look Alike', password: PASSWORD } } }),
          );
          expect(made.body?.errors, made.text).toBeUndefined();
          const id = (made.body!.data as any).signUp.user.id as string;
          // The suffix is plain ASCII: its look-alikes too.
          const suffix = plain.slice(base.length);
          for (const head of variants) {
            const variant = `${head.trimEnd()}${fullWidth(suffix)}${head.slice(head.trimEnd().length)}`;
            expect(normaliseHandle(variant), `${JSON.stringify(variant)} should fold into ${plain}`).toBe(plain);
            const again = await post(
              JSON.stringify({ query: 'mutation($input: SignUpInput!) { signUp(input: $input) { user { id } } }', variables: { input: { handle: variant, realName: 'Someone Else', password: PASSWORD } } }),
            );
            expectSafeReply(again, [variant]);
            expect(again.body!.errors?.map((e) => e.extensions?.code), `${JSON.stringify(variant)}: ${again.text}`).toEqual(['CONFLICT']);
            const found = await post(JSON.stringify({ query: 'query($h: String!) { user(handle: $h) { id handle } }', variables: { h: variant } }), viewer.token);
            expect((found.body?.data as any)?.user, `user(handle: ${JSON.stringify(variant)}): ${found.text}`).toEqual({ id, handle: plain });
            const logIn = await post(JSON.stringify({ query: 'mutation($input: LogInInput!) { logIn(input: $input) { user { id } } }', variables: { input: { handle: variant, password: PASSWORD } } }));
            expect((logIn.body?.data as any)?.logIn?.user?.id, `logIn as ${JSON.stringify(variant)}: ${logIn.text}`).toBe(id);
          }
          const count = await test.database.forRequest().read((q) =>
            q.one<{ n: number }>('MATCH (u:User) WHERE u.handle = $h OR u.handle IN $variants RETURN count(u) AS n', { h: plain, variants: variants }),
          );
          expect(count?.n).toBe(1);
        },
      ),
      40,
    );
  });

  it('homoglyphs that do not fold (Cyrillic, Greek, dotless i, invisible characters) are refused as invalid, never stored', { timeout: 60_000 }, async () => {
    const SWAPS: Array<[string, string]> = [['a', 'а'], ['e', 'е'], ['o', 'о'], ['p', 'р'], ['c', 'с'], ['x', 'х'], ['i', 'ı'], ['i', 'і'], ['v', 'ν'], ['o', 'ο'], ['k', 'κ']];
    await check(
      'handle homoglyphs',
      fc.asyncProperty(
        fc.stringMatching(/^[a-z][a-z0-9_]{4,20}$/),
        fc.constantFrom(...SWAPS, ['', '\u200b'] as [string, string], ['', '\u202e'] as [string, string], ['', '\u00ad'] as [string, string], ['', '\u0301'] as [string, string]),
        async (base, [from, to]) => {
          const plain = `${base.slice(0, 2)}${from}${base.slice(2)}`.slice(0, 30);
          const variant = `${plain.slice(0, 2)}${to}${plain.slice(2 + from.length)}`;
          fc.pre(variant !== plain);
          const reply = await post(
            JSON.stringify({ query: 'mutation($input: SignUpInput!) { signUp(input: $input) { user { id handle } } }', variables: { input: { handle: variant, realName: 'Homoglyph', password: PASSWORD } } }),
          );
          expectSafeReply(reply, [variant]);
          expect(reply.body!.errors?.map((e) => e.extensions?.code), `${JSON.stringify(variant)}: ${reply.text}`).toEqual(['BAD_USER_INPUT']);
          const stored = await test.database.forRequest().read((q) => q.one<{ n: number }>('MATCH (u:User) WHERE u.handle IN $h RETURN count(u) AS n', { h: [variant, variant.toLowerCase(), normaliseHandle(variant)] }));
          expect(stored?.n).toBe(0);
        },
      ),
      60,
    );
  });
});
