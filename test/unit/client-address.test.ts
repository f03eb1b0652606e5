/**
 * The client address behind proxies (src/http/client-address.ts): X-Forwarded-For read from
 * the right, only as far as trusted proxies wrote it, so whatever the client writes at the
 * left never becomes its address; addresses normalised, junk never a key.
 */
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientAddress, normaliseAddress, type TrustProxy } from '../../src/http/client-address.js';

const hops = (n: number): TrustProxy => ({ hops: n });

function proxies(...ranges: Array<[string, number] | string>): TrustProxy {
  const list = new BlockList();
  for (const range of ranges) {
    if (typeof range === 'string') list.addAddress(range, range.includes(':') ? 'ipv6' : 'ipv4');
    else list.addSubnet(range[0], range[1], range[0].includes(':') ? 'ipv6' : 'ipv4');
  }
  return { proxies: list };
}

describe('normaliseAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['[::ffff:203.0.113.7]:443', '203.0.113.7'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:8443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
  ])('%j is %j', (text, address) => {
    expect(normaliseAddress(text)).toBe(address);
  });

  it.each(['', ' ', 'unknown', '_hidden', 'localhost', '203.0.113', '203.0.113.256', '0203.0.113.7', '203.0.113.7:port', '2001:db8:::1', '[2001:db8::1', '1.2.3.4/8', '1.2.3.4, 5.6.7.8'])(
    'refuses %j',
    (text) => {
      expect(normaliseAddress(text)).toBeNull();
    },
  );
});

describe('clientAddress', () => {
  describe('without proxies (TRUST_PROXY=false)', () => {
    it('is the socket peer, whatever X-Forwarded-For says', () => {
      expect(clientAddress('198.51.100.4', '203.0.113.7', hops(0))).toBe('198.51.100.4');
      expect(clientAddress('::ffff:198.51.100.4', undefined, hops(0))).toBe('198.51.100.4');
    });

    it('is "unknown" when the socket has gone and no address is left', () => {
      expect(clientAddress(undefined, '203.0.113.7', hops(1))).toBe('unknown');
    });
  });

  describe('a count of proxy hops', () => {
    it('takes the entry N from the right: what the outermost proxy saw', () => {
      // The client wrote 6.6.6.6; proxy 1 appended the client; proxy 2 appended proxy 1.
      expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.7', hops(1))).toBe('203.0.113.7');
      expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.7, 10.0.0.1', hops(2))).toBe('203.0.113.7');
    });

    it('never reaches what the client wrote, however it rotates it (the issue 12 probe)', () => {
      const seen = new Set<string>();
      for (let i = 0; i < 35; i++) seen.add(clientAddress('127.0.0.1', `10.${i}.0.1, 203.0.113.7`, hops(1)));
      expect([...seen]).toEqual(['203.0.113.7']);
    });

    it('takes the leftmost entry when the header has fewer than N (an outer proxy was skipped)', () => {
      expect(clientAddress('10.0.0.2', '203.0.113.7', hops(3))).toBe('203.0.113.7');
    });

    it('is the socket peer when no proxy wrote anything', () => {
      expect(clientAddress('10.0.0.2', undefined, hops(2))).toBe('10.0.0.2');
      expect(clientAddress('10.0.0.2', '', hops(2))).toBe('10.0.0.2');
    });

    it('normalises what it takes, so one client has one key', () => {
      expect(clientAddress('10.0.0.2', '::ffff:203.0.113.7', hops(1))).toBe('203.0.113.7');
      expect(clientAddress('10.0.0.2', '203.0.113.7:50000', hops(1))).toBe('203.0.113.7');
      expect(clientAddress('10.0.0.2', '[2001:DB8::0:1]:443', hops(1))).toBe('2001:db8::1');
    });

    it('stops at junk: the proxy that passed it on is the address, so rotating junk dodges nothing', () => {
      expect(clientAddress('10.0.0.2', 'unknown', hops(1))).toBe('10.0.0.2');
      expect(clientAddress('10.0.0.2', 'junk-1, 10.0.0.1', hops(2))).toBe('10.0.0.1');
      expect(clientAddress('10.0.0.2', '203.0.113.7,, 10.0.0.1', hops(3))).toBe('10.0.0.1');
      // Junk beyond the N-th entry is never read.
      expect(clientAddress('10.0.0.2', 'junk, 203.0.113.7', hops(1))).toBe('203.0.113.7');
    });
  });

  describe('a list of proxies', () => {
    const ours = proxies('127.0.0.1', ['10.0.0.0', 8], ['fd00::', 8]);

    it('walks from the right past our proxies and takes the first address that is not one', () => {
      expect(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.7, 10.1.2.3, 10.9.9.9', ours)).toBe('203.0.113.7');
      expect(clientAddress('::ffff:127.0.0.1', '203.0.113.7', ours)).toBe('203.0.113.7');
      expect(clientAddress('fd00::5', '2001:db8::7', ours)).toBe('2001:db8::7');
    });

    it('ignores X-Forwarded-For from a peer that is not our proxy', () => {
      expect(clientAddress('198.51.100.4', '203.0.113.7', ours)).toBe('198.51.100.4');
    });

    it('does not trust an entry for being in the list: the walk stops at the first outsider', () => {
      // 10.5.5.5, written by the client, would be "ours", but 203.0.113.7 stands between.
      expect(clientAddress('127.0.0.1', '10.5.5.5, 203.0.113.7', ours)).toBe('203.0.113.7');
    });

    it('is the outermost proxy when only proxies are in the chain (a request from the proxies themselves)', () => {
      expect(clientAddress('127.0.0.1', '10.1.1.1, 10.2.2.2', ours)).toBe('10.1.1.1');
    });

    it('stops at junk on the proxy that passed it on', () => {
      expect(clientAddress('127.0.0.1', '203.0.113.7, nonsense, 10.1.1.1', ours)).toBe('10.1.1.1');
    });
  });
});
