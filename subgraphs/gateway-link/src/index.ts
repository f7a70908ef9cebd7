/** Public surface of the gateway link library. */
export * from './device-identity.ts';
export * from './dial-in/dial-in-link.ts';
export { backoffDelay, DEFAULT_RECONNECT, DialOutLink } from './dial-out/dial-out-link.ts';
export { DialOutLinkPool } from './dial-out/pool.ts';
export * from './link.ts';
export { PROTOCOL_VERSION } from './protocol.ts';
export * from './version.ts';
