/**
 * Settings read from the environment (src/config.ts): TRUST_PROXY, which says which proxies'
 * X-Forwarded-For entries are believed, MAX_PENDING_SOCKETS_PER_ADDRESS and
 * NOTIFICATION_RETENTION_DAYS. A value that cannot be read stops the server at start-up
 * with a ConfigError naming the variable.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { clientAddress } from '../../src/http/client-address.js';

const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env });

describe('TRUST_PROXY', () => {
  it('is off by default: the socket peer is the client', () => {
    expect(load({}).trustProxy).toEqual({ hops: 0 });
  });

  it.each([
    ['false', 0],
    ['0', 0],
    ['off', 0],
    ['true', 1],
    ['TRUE', 1],
    ['yes', 1],
    ['1', 1],
    ['2', 2],
    [' 3 ', 3],
    ['10', 10],
  ])('reads %j as %d proxy hops', (value, hops) => {
    expect(load({ TRUST_PROXY: value }).trustProxy).toEqual({ hops });
  });

  it('reads a list of addresses and CIDR ranges, IPv4 and IPv6, as the proxies to believe', () => {
    const { trustProxy } = load({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8, ::ffff:192.0.2.1, [2001:db8::9]' });
    const from = (peer: string) => clientAddress(peer, '203.0.113.7', trustProxy);
    for (const proxy of ['127.0.0.1', '10.200.0.1', 'fd12::1', '192.0.2.1', '::ffff:192.0.2.1', '2001:db8::9']) {
      expect(from(proxy), proxy).toBe('203.0.113.7');
    }
    for (const outsider of ['127.0.0.2', '11.0.0.1', 'fe80::1', '192.0.2.2', '2001:db8::8']) {
      expect(from(outsider), outsider).toBe(outsider);
    }
  });

  it.each([
    ['maybe', /TRUST_PROXY must be false, true, a number of proxy hops, or a comma-separated list.*"maybe" is not an IP address or CIDR range/],
    ['11', /TRUST_PROXY counts proxy hops from 0 to 10; got "11"/],
    ['-1', /"-1" is not an IP address/],
    ['1.5', /"1.5" is not an IP address/],
    ['10.0.0.0/33', /"10.0.0.0\/33" needs a prefix length from 0 to 32/],
    ['fd00::/129', /"fd00::\/129" needs a prefix length from 0 to 128/],
    ['10.0.0.0/', /"10.0.0.0\/" needs a prefix length/],
    ['10.0.0.0/8/8', /"10.0.0.0\/8\/8" is not an IP address or CIDR range/],
    ['10.0.0.1,', /"" is not an IP address/],
    ['10.0.0.1, proxy.internal', /"proxy.internal" is not an IP address/],
    ['::ffff:10.0.0.0/104', /IPv4-mapped range; write it as IPv4/],
  ])('refuses %j with a ConfigError that says what it takes', (value, message) => {
    expect(() => load({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => load({ TRUST_PROXY: value })).toThrow(message);
  });
});

describe('MAX_PENDING_SOCKETS_PER_ADDRESS', () => {
  it('is 20 by default and takes a whole number from 1', () => {
    expect(load({}).websocket.maxPendingSocketsPerAddress).toBe(20);
    expect(load({ MAX_PENDING_SOCKETS_PER_ADDRESS: '5' }).websocket.maxPendingSocketsPerAddress).toBe(5);
    expect(() => load({ MAX_PENDING_SOCKETS_PER_ADDRESS: '0' })).toThrow(/MAX_PENDING_SOCKETS_PER_ADDRESS must be a whole number from 1/);
    expect(() => load({ MAX_PENDING_SOCKETS_PER_ADDRESS: 'many' })).toThrow(ConfigError);
  });
});

describe('NOTIFICATION_RETENTION_DAYS', () => {
  it('is 90 by default and takes a whole number of days from 1', () => {
    expect(load({}).notificationRetentionDays).toBe(90);
    expect(load({ NOTIFICATION_RETENTION_DAYS: '30' }).notificationRetentionDays).toBe(30);
    expect(() => load({ NOTIFICATION_RETENTION_DAYS: '0' })).toThrow(/NOTIFICATION_RETENTION_DAYS must be a whole number from 1/);
    expect(() => load({ NOTIFICATION_RETENTION_DAYS: 'forever' })).toThrow(ConfigError);
  });
});

describe('CORS_ALLOWED_HEADERS', () => {
  it('defaults to the headers of the major clients, Apollo Client naming itself included', () => {
    expect(load({}).corsAllowedHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'apollographql-client-name', 'apollographql-client-version']));
  });

  it('replaces the list with its own, lower-cased, blanks dropped', () => {
    expect(load({ CORS_ALLOWED_HEADERS: 'Content-Type, ,X-Tenant' }).corsAllowedHeaders).toEqual(['content-type', 'x-tenant']);
  });

  it('refuses something that is no header name, naming the variable', () => {
    expect(() => load({ CORS_ALLOWED_HEADERS: 'content-type, x tenant' })).toThrow(ConfigError);
    expect(() => load({ CORS_ALLOWED_HEADERS: 'content-type, x tenant' })).toThrow(/CORS_ALLOWED_HEADERS .*"x tenant"/);
  });
});
