/**
 * Fuzzing updateProfile, verifyRealName, deleteMyAccount, suspendUser and reinstateUser with
 * generated arguments (the machinery and the specs: helpers/fuzz/), and accepted text: stored
 * exactly as it was accepted, also when JSON carries lone UTF-16 surrogates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plausibleText } from '../../helpers/fuzz/arbitraries.js';
import { check, expectSafeReply, fuzzServer, post } from '../../helpers/fuzz/harness.js';
import { MUTATION_SPECS, nfcTrim } from '../../helpers/fuzz/mutation-specs.js';
import { describeMutationFuzz } from '../../helpers/fuzz/mutations.js';
import { signUp } from '../../helpers/people.js';

const test = fuzzServer();

describeMutationFuzz(MUTATION_SPECS.users);

describe('accepted text', () => {
  /**
   * JSON may carry lone UTF-16 surrogates ("\ud800"); Bolt sends strings as UTF-8, so the
   * driver turns each into U+FFFD. Text must be refused or stored exactly as accepted.
   */
  it('is stored exactly as it was accepted, also with lone surrogates', { timeout: 60_000 }, async () => {
    const person = await signUp(test.client, 'fzsurr');
    await check(
      'lone surrogates',
      fc.asyncProperty(
        plausibleText,
        fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'),
        fc.nat(),
        async (base, surrogate, at) => {
          const chars = [...base];
          const cut = at % (chars.length + 1);
          const bio = [...chars.slice(0, cut), surrogate, ...chars.slice(cut)].join('');
          const reply = await post(JSON.stringify({ query: 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { bio } }', variables: { input: { bio } } }), person.token);
          expectSafeReply(reply, [bio]);
          const codes = (reply.body!.errors ?? []).map((e) => e.extensions?.code);
          if (codes.length > 0) {
            expect(codes).toEqual(['BAD_USER_INPUT']);
          } else {
            const stored = (reply.body!.data as { updateProfile: { bio: string } }).updateProfile.bio;
            expect(stored, `accepted ${JSON.stringify(bio)}, stored ${JSON.stringify(stored)}`).toBe(nfcTrim(bio));
          }
        },
      ),
      25,
    );
  });
});
