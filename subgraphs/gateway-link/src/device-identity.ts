/**
 * Ed25519 device identities and OpenClaw's device-auth signature (payload v3), with node:crypto only.
 * The identity is plain JSON (`DeviceIdentity`) so the fleet can keep it sealed and reuse it across
 * processes: the gateway pairs the device id, so a new key per process would be a new device each time.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { type DeviceIdentity, GatewayLinkError } from './link.ts';

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function createDeviceIdentity(): DeviceIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(ED25519_SPKI_PREFIX.length);
  return {
    version: 1,
    deviceId: deviceIdOf(raw),
    publicKey: raw.toString('base64url'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64url'),
  };
}

/** OpenClaw's device id: sha256 of the raw public key, hex. */
export const deviceIdOf = (rawPublicKey: Buffer) => createHash('sha256').update(rawPublicKey).digest('hex');

/** Check that a stored identity is well-formed and its parts belong together. */
export function assertDeviceIdentity(identity: DeviceIdentity): void {
  try {
    const raw = Buffer.from(identity.publicKey, 'base64url');
    if (identity.version !== 1 || raw.length !== 32 || deviceIdOf(raw) !== identity.deviceId)
      throw new Error('mismatch');
    const derived = createPublicKey(privateKeyOf(identity)).export({ type: 'spki', format: 'der' });
    if (!derived.subarray(ED25519_SPKI_PREFIX.length).equals(raw)) throw new Error('mismatch');
  } catch {
    throw new GatewayLinkError('AUTH_FAILED', 'the device identity is malformed or its keys do not match');
  }
}

const privateKeyOf = (identity: DeviceIdentity) =>
  createPrivateKey({ key: Buffer.from(identity.privateKey, 'base64url'), format: 'der', type: 'pkcs8' });

/** The fields OpenClaw binds into a device signature. */
export interface DeviceAuthFields {
  deviceId: string;
  clientId: string;
  clientMode: string;
  role: string;
  scopes: string[];
  signedAtMs: number;
  /** `auth.token ?? auth.deviceToken ?? ""`. */
  token: string;
  nonce: string;
  platform: string;
  deviceFamily?: string;
}

/** `v3|deviceId|clientId|mode|role|scopes|signedAt|token|nonce|platform|deviceFamily` (lower-cased platform/family). */
export const deviceAuthPayloadV3 = (f: DeviceAuthFields) =>
  [
    'v3',
    f.deviceId,
    f.clientId,
    f.clientMode,
    f.role,
    f.scopes.join(','),
    String(f.signedAtMs),
    f.token,
    f.nonce,
    f.platform.toLowerCase(),
    (f.deviceFamily ?? '').toLowerCase(),
  ].join('|');

export const signDeviceAuth = (identity: DeviceIdentity, fields: DeviceAuthFields) =>
  sign(null, Buffer.from(deviceAuthPayloadV3(fields), 'utf8'), privateKeyOf(identity)).toString('base64url');

/** Verify a signature against a raw base64url public key (what a gateway does). */
export function verifyDeviceAuth(publicKey: string, signature: string, fields: DeviceAuthFields): boolean {
  try {
    const raw = Buffer.from(publicKey, 'base64url');
    if (raw.length !== 32) return false;
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(deviceAuthPayloadV3(fields), 'utf8'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
