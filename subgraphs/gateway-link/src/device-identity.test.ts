import { describe, expect, it } from 'vitest';
import {
  assertDeviceIdentity,
  createDeviceIdentity,
  type DeviceAuthFields,
  deviceAuthPayloadV3,
  signDeviceAuth,
  verifyDeviceAuth,
} from './device-identity.ts';
import { GatewayLinkError } from './link.ts';

const fields: DeviceAuthFields = {
  deviceId: '',
  clientId: 'gateway-client',
  clientMode: 'backend',
  role: 'operator',
  scopes: ['operator.read', 'operator.write'],
  signedAtMs: 1_795_480_860_362,
  token: 'tok',
  nonce: 'nonce-1',
  platform: 'Linux',
};

describe('device identity', () => {
  it('is plain JSON whose id is the sha256 of the raw public key', () => {
    const identity = createDeviceIdentity();
    expect(identity.version).toBe(1);
    expect(identity.deviceId).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(identity.publicKey, 'base64url')).toHaveLength(32);
    const restored = JSON.parse(JSON.stringify(identity));
    expect(() => assertDeviceIdentity(restored)).not.toThrow();
  });

  it('builds the v3 payload OpenClaw verifies (platform lower-cased, empty device family)', () => {
    expect(deviceAuthPayloadV3({ ...fields, deviceId: 'dev' })).toBe(
      'v3|dev|gateway-client|backend|operator|operator.read,operator.write|1795480860362|tok|nonce-1|linux|',
    );
  });

  it('signs so that the public key verifies, and any changed field fails', () => {
    const identity = createDeviceIdentity();
    const signed = { ...fields, deviceId: identity.deviceId };
    const signature = signDeviceAuth(identity, signed);
    expect(verifyDeviceAuth(identity.publicKey, signature, signed)).toBe(true);
    expect(verifyDeviceAuth(identity.publicKey, signature, { ...signed, nonce: 'other' })).toBe(false);
    expect(verifyDeviceAuth(identity.publicKey, signature, { ...signed, scopes: ['operator.admin'] })).toBe(false);
    expect(verifyDeviceAuth(createDeviceIdentity().publicKey, signature, signed)).toBe(false);
    expect(verifyDeviceAuth('not-a-key', signature, signed)).toBe(false);
  });

  it('rejects identities whose parts do not belong together', () => {
    const a = createDeviceIdentity();
    const b = createDeviceIdentity();
    expect(() => assertDeviceIdentity({ ...a, privateKey: b.privateKey })).toThrow(GatewayLinkError);
    expect(() => assertDeviceIdentity({ ...a, deviceId: b.deviceId })).toThrow(GatewayLinkError);
    expect(() => assertDeviceIdentity({ ...a, privateKey: 'garbage' })).toThrow(GatewayLinkError);
  });
});
