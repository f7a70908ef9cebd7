/** The caller address the router signs: the socket peer, or a trusted proxy's X-Forwarded-For. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { routerEnvSchema } from '../env.ts';
import { clientAddressResolver, isAddressOrRange, normalizeAddress } from './client-address.ts';

const request = (peer: string, forwardedFor?: string | string[]) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('client address', () => {
  it('is the socket peer, and the header is ignored when no proxy is trusted', () => {
    const resolve = clientAddressResolver([]);
    expect(resolve(request('::ffff:127.0.0.2', '198.51.100.7'))).toBe('127.0.0.2');
    expect(resolve(request('2001:DB8::1'))).toBe('2001:db8::1');
  });

  it('is the peer when the peer is not a trusted proxy', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8']);
    expect(resolve(request('192.0.2.5', '198.51.100.7'))).toBe('192.0.2.5');
  });

  it('walks X-Forwarded-For from the right past trusted proxies', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8', '2001:db8::/32']);
    // The client wrote "1.1.1.1" itself; the proxy appended the address it saw.
    expect(resolve(request('10.0.0.1', '1.1.1.1, 198.51.100.7'))).toBe('198.51.100.7');
    expect(resolve(request('10.0.0.1', ['1.1.1.1, 198.51.100.7', '10.2.3.4']))).toBe('198.51.100.7');
    expect(resolve(request('::ffff:10.0.0.1', '2001:db8::9, 10.0.0.2'))).toBe('2001:db8::9');
    expect(resolve(request('10.0.0.1'))).toBe('10.0.0.1');
    expect(resolve(request('10.0.0.1', 'garbage, 198.51.100.7'))).toBe('198.51.100.7');
    expect(resolve(request('10.0.0.1', '198.51.100.7, not-an-ip'))).toBe('10.0.0.1');
  });

  it('normalizes and validates', () => {
    expect(normalizeAddress(' ::FFFF:192.0.2.1 ')).toBe('192.0.2.1');
    expect(normalizeAddress('localhost')).toBeUndefined();
    expect(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'].every(isAddressOrRange)).toBe(true);
    expect(['10.0.0.0/33', 'proxy.local', '10.0.0.1/8/1', '::/129', '10.0.0.0/x'].some(isAddressOrRange)).toBe(false);
  });

  it('TRUSTED_PROXIES refuses entries that are not addresses or ranges', () => {
    expect(routerEnvSchema.safeParse({ TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' }).data?.TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(routerEnvSchema.safeParse({ TRUSTED_PROXIES: 'proxy.internal' }).success).toBe(false);
    expect(routerEnvSchema.safeParse({}).data?.TRUSTED_PROXIES).toEqual([]);
  });
});
