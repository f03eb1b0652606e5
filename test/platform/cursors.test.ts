/** Cursors that decode to impossible instants are the client's mistake, not the server's. */
import { describe, expect, it } from 'vitest';
import { signUp } from '../helpers/people.js';
import { serverForTests } from '../helpers/server.js';

const test = serverForTests({ NODE_ENV: 'production', PLAYGROUND: '', INTROSPECTION: '', DIAGNOSTICS: '' });

const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('a cursor naming an impossible date', () => {
  it.each([
    ['30 February', '2026-02-30T10:00:00Z'],
    ['hour 24', '2026-02-28T24:00:00Z'],
  ])('(%s) is BAD_USER_INPUT naming `after`, in production too', async (_, instant) => {
    const person = await signUp(test.client, 'cursor');
    const result = await test.client.raw(
      { query: 'query ($after: String) { feed(first: 2, after: $after) { edges { cursor } } }', variables: { after: cursorOf([instant, 'p']) } },
      { token: person.token },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
