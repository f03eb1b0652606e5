/**
 * Who a client is, by address: what rate limits and socket caps count on. Without proxies
 * it is the socket's peer. Behind proxies (TRUST_PROXY) it is read from X-Forwarded-For,
 * where each proxy appends the address of its own peer, so the header reads
 * `<whatever the client wrote>, <the client>, <proxy>, …` and only the right-hand end was
 * written by proxies we run. The walk therefore starts at the socket's peer and steps left,
 * one entry per trusted proxy, and never further: the entries beyond are the client's to
 * choose, and an address a client can choose is no limit at all.
 *
 * Addresses are normalised so that one client has one key (IPv4-mapped IPv6 as IPv4, IPv6
 * in its canonical text, ports, brackets and zone ids dropped). An entry that is no address
 * ends the walk at the proxy that passed it on: junk is never a key of its own.
 */
import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6, SocketAddress, type BlockList } from 'node:net';

/** Which proxies stand in front of the server; parsed from TRUST_PROXY by src/config.ts. */
export type TrustProxy =
  /** This many proxies, each passing to the next (0: the socket's peer is the client). */
  | { hops: number }
  /** Proxies at these addresses, however many of them a request passed. */
  | { proxies: BlockList };

/** `[v6]` or `[v6]:port`; `v4:port`. */
const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;

/** The one text of an address (see above), or null when `text` is not an IP address. */
export function normaliseAddress(text: string): string | null {
  const trimmed = text.trim();
  const address = BRACKETED.exec(trimmed)?.[1] ?? IPV4_WITH_PORT.exec(trimmed)?.[1] ?? trimmed;
  // Node's check refuses leading zeros, so an IPv4 address it accepts has one spelling.
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return null;
  let canonical: string;
  try {
    // inet_ntop's text: lower case, zeros compressed, zone id dropped, mapped IPv4 dotted.
    canonical = new SocketAddress({ address, family: 'ipv6' }).address;
  } catch {
    return null;
  }
  return IPV4_MAPPED.exec(canonical)?.[1] ?? canonical;
}

/** Whether the X-Forwarded-For entry written by `proxy`, `hop` steps out from the server, is believed. */
function believes(trust: TrustProxy, proxy: string, hop: number): boolean {
  if ('hops' in trust) return hop < trust.hops;
  return trust.proxies.check(proxy, isIPv4(proxy) ? 'ipv4' : 'ipv6');
}

/**
 * The client's address, from the socket's peer and the X-Forwarded-For header. With N hops
 * it is the entry N from the right; a header with fewer entries means the request skipped
 * an outer proxy, and its leftmost entry is then the furthest out anyone wrote. With a
 * list of proxies it is the first entry from the right that is not one of them.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string {
  let address = peer === undefined ? null : normaliseAddress(peer);
  if (address === null) return 'unknown';
  const entries = forwardedFor ? forwardedFor.split(',') : [];
  for (let hop = 0; hop < entries.length && believes(trust, address, hop); hop++) {
    const next = normaliseAddress(entries[entries.length - 1 - hop]!);
    if (next === null) break;
    address = next;
  }
  return address;
}

/** The client address of an HTTP request or WebSocket upgrade. */
export function clientAddressOf(req: IncomingMessage, trust: TrustProxy): string {
  const header = req.headers['x-forwarded-for'];
  return clientAddress(req.socket.remoteAddress, Array.isArray(header) ? header.join(',') : header, trust);
}
