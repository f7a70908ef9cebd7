/** Shared set-up for the dial-out tests: a simulator and links that close after each test, and small waits. */
import { expect } from 'vitest';
import {
  createDeviceIdentity,
  DialOutLink,
  type GatewayEvent,
  type GatewayLink,
  type GatewayLinkConfig,
  GatewayLinkError,
  type GatewayLinkErrorCode,
  type GatewayStatusChange,
} from '../../src/index.ts';
import { GatewaySimulator, type GatewaySimulatorOptions } from '../../src/simulator/index.ts';

export const identity = createDeviceIdentity();
/** Run after each test (`afterEach(runCleanups)`), newest first. */
export const cleanups: Array<() => Promise<unknown>> = [];

export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export async function simulator(options: GatewaySimulatorOptions = {}): Promise<GatewaySimulator> {
  const sim = await new GatewaySimulator({ token: 'sim-token', ...options }).start();
  cleanups.push(() => sim.stop());
  return sim;
}

export function configFor(sim: GatewaySimulator, overrides: Partial<GatewayLinkConfig> = {}): GatewayLinkConfig {
  return {
    url: sim.url,
    token: 'sim-token',
    deviceIdentity: identity,
    pairing: 'device',
    minVersion: '2026.9.1',
    requestTimeoutMs: 2_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200, jitter: 0.2, maxAttempts: null },
    ...overrides,
  };
}

export function link(sim: GatewaySimulator, overrides: Partial<GatewayLinkConfig> = {}): DialOutLink {
  const instance = new DialOutLink(configFor(sim, overrides));
  cleanups.push(() => instance.close());
  return instance;
}

export async function expectCode(promise: Promise<unknown>, code: GatewayLinkErrorCode): Promise<GatewayLinkError> {
  const error = await promise.then(
    () => null,
    (caught) => caught,
  );
  expect(error).toBeInstanceOf(GatewayLinkError);
  expect((error as GatewayLinkError).code).toBe(code);
  return error as GatewayLinkError;
}

export function collect(instance: GatewayLink): GatewayEvent[] {
  const events: GatewayEvent[] = [];
  instance.onEvent((event) => events.push(event));
  return events;
}

export function statuses(instance: GatewayLink): GatewayStatusChange[] {
  const changes: GatewayStatusChange[] = [];
  instance.onStatus((change) => changes.push(change));
  return changes;
}

export async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
