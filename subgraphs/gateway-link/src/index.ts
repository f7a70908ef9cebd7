/** Public surface of the gateway link library. */
export * from './link.ts';
