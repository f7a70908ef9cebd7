/** The signed identity: accepted only when signed with the secret, unexpired and well-formed. */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Identity, IdentityError, signIdentity, verifyIdentity } from '../src/identity.ts';

const secret = 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(16);
const user: Identity = { kind: 'user', userId: 'u1', email: null, org: null };

describe('signed identity', () => {
  it('round-trips an identity with request id and credential expiry', async () => {
    const token = await signIdentity(secret, user, { requestId: 'r1', credentialExpiresAt: 123 });
    expect(await verifyIdentity(secret, token)).toEqual({ identity: user, requestId: 'r1', credentialExpiresAt: 123 });
  });

  it('carries the caller address the router signed, and refuses one swapped into the payload', async () => {
    const token = await signIdentity(secret, { kind: 'anonymous' }, { clientAddress: '203.0.113.7' });
    expect((await verifyIdentity(secret, token)).clientAddress).toBe('203.0.113.7');
    const unsigned = await signIdentity(secret, { kind: 'anonymous' });
    expect((await verifyIdentity(secret, unsigned)).clientAddress).toBeUndefined();

    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...claims, ip: '198.51.100.1' })).toString('base64url');
    await expect(verifyIdentity(secret, `${header}.${swapped}.${signature}`)).rejects.toBeInstanceOf(IdentityError);
  });

  it('rejects a missing token, another secret, a tampered payload and an expired token', async () => {
    await expect(verifyIdentity(secret, undefined)).rejects.toBeInstanceOf(IdentityError);
    const token = await signIdentity(`${secret}x`, user);
    await expect(verifyIdentity(secret, token)).rejects.toBeInstanceOf(IdentityError);

    const good = await signIdentity(secret, user);
    const [header, , signature] = good.split('.');
    const forged = Buffer.from(
      JSON.stringify({ idt: { kind: 'system', service: 'x' }, aud: 'mc-subgraph', iss: 'mc-router', exp: 9e9 }),
    ).toString('base64url');
    await expect(verifyIdentity(secret, `${header}.${forged}.${signature}`)).rejects.toBeInstanceOf(IdentityError);

    const expired = await signIdentity(secret, user, { ttlSeconds: -10 });
    await expect(verifyIdentity(secret, expired)).rejects.toThrow(/exp/);
  });

  it('rejects tokens for another audience or algorithm "none"', async () => {
    const key = new TextEncoder().encode(secret);
    const otherAudience = await new SignJWT({ idt: user })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('mc-router')
      .setAudience('someone-else')
      .setExpirationTime('1m')
      .sign(key);
    await expect(verifyIdentity(secret, otherAudience)).rejects.toBeInstanceOf(IdentityError);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ idt: user, aud: 'mc-subgraph', iss: 'mc-router' })).toString('base64url')}.`;
    await expect(verifyIdentity(secret, none)).rejects.toBeInstanceOf(IdentityError);
  });

  it('checks what jose would (verified without it): algorithm, crit, issuer, nbf, shape; an audience list', async () => {
    const key = new TextEncoder().encode(secret);
    const token = (header: Record<string, unknown>, build = (jwt: SignJWT) => jwt) =>
      build(
        new SignJWT({ idt: user })
          .setProtectedHeader({ alg: 'HS256', ...header } as { alg: string })
          .setIssuer('mc-router')
          .setAudience('mc-subgraph')
          .setExpirationTime('1m'),
      ).sign(key);
    expect((await verifyIdentity(secret, await token({}))).identity).toEqual(user);
    const listed = await token({}, (jwt) => jwt.setAudience(['other', 'mc-subgraph']));
    expect((await verifyIdentity(secret, listed)).identity).toEqual(user);
    const refused = [
      await new SignJWT({ idt: user })
        .setProtectedHeader({ alg: 'HS512' })
        .setIssuer('mc-router')
        .setAudience('mc-subgraph')
        .setExpirationTime('1m')
        .sign(key),
      await token({}, (jwt) => jwt.setIssuer('someone')),
      await token({}, (jwt) => jwt.setNotBefore('1m')),
      await new SignJWT({ idt: user })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('mc-router')
        .setAudience('mc-subgraph')
        .sign(key),
    ];
    for (const bad of refused) await expect(verifyIdentity(secret, bad)).rejects.toBeInstanceOf(IdentityError);
    const good = await token({});
    for (const malformed of [
      good.split('.').slice(0, 2).join('.'),
      `${good}.x`,
      `e30.${good.split('.').slice(1).join('.')}`,
      `!.!.!`,
    ]) {
      await expect(verifyIdentity(secret, malformed)).rejects.toBeInstanceOf(IdentityError);
    }
  });
});
