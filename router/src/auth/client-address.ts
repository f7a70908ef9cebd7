/**
 * The caller's network address, which the router signs into the identity it forwards (claim `ip`)
 * so subgraphs can limit per address. It is the socket's peer address; `X-Forwarded-For` is read only
 * when that peer is one of `TRUSTED_PROXIES`, and then from the right, skipping trusted hops, so a
 * client cannot choose its own address by sending the header.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** A trusted proxy entry: an address or a CIDR range. */
export function isAddressOrRange(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; IPv6 in lower case; anything that is no address → undefined. */
export function normalizeAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let address = raw.trim().toLowerCase();
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) address = address.slice(7);
  return isIP(address) ? address : undefined;
}

const familyOf = (address: string) => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

export type ClientAddressOf = (req: IncomingMessage) => string | undefined;

/** Builds the resolver for the configured trusted proxies (entries validated by the env schema). */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address, prefix] = entry.split('/');
    const normalized = normalizeAddress(address) ?? address;
    if (prefix === undefined) trusted.addAddress(normalized, familyOf(normalized));
    else trusted.addSubnet(normalized, Number(prefix), familyOf(normalized));
  }
  const isTrusted = (address: string) => trusted.check(address, familyOf(address));

  return (req) => {
    const peer = normalizeAddress(req.socket.remoteAddress);
    if (!peer || trustedProxies.length === 0 || !isTrusted(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
    let client = peer;
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = normalizeAddress(hops[index]);
      // A malformed hop ends the walk: what a trusted proxy vouched for so far is all we know.
      if (!hop) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}
