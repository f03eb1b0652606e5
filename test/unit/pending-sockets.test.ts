/** Sockets waiting to authenticate, per client address (src/http/pending-sockets.ts). */
import { describe, expect, it } from 'vitest';
import { PendingSockets } from '../../src/http/pending-sockets.js';

const socket = () => ({});

describe('PendingSockets', () => {
  it('admits an address up to the cap, and others as ever', () => {
    const pending = new PendingSockets(2);
    pending.add(socket(), 'a');
    expect(pending.admits('a')).toBe(true);
    pending.add(socket(), 'a');
    expect(pending.admits('a')).toBe(false);
    expect(pending.admits('b')).toBe(true);
  });

  it('frees a place when a socket is released, once however often it is released', () => {
    const pending = new PendingSockets(2);
    const [one, two, three] = [socket(), socket(), socket()];
    pending.add(one, 'a');
    pending.add(two, 'a');
    // Accepted, then closed: two releases of one socket free one place.
    pending.release(one);
    pending.release(one);
    expect(pending.admits('a')).toBe(true);
    pending.add(three, 'a');
    expect(pending.admits('a')).toBe(false);
  });

  it('counts a socket once, and ignores sockets it never counted', () => {
    const pending = new PendingSockets(2);
    const one = socket();
    pending.add(one, 'a');
    pending.add(one, 'a');
    expect(pending.admits('a')).toBe(true);
    pending.release(socket());
    pending.add(socket(), 'a');
    expect(pending.admits('a')).toBe(false);
  });
});
