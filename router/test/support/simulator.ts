/**
 * The OpenClaw gateway simulator as a process for one `describe` block: `useSimulator` starts it before
 * the block's tests (registered first, so the stacks a block starts after it can already reach it) and
 * stops it after them (vitest runs `afterAll` hooks in reverse, so after those stacks have stopped).
 */
import { afterAll, beforeAll } from 'vitest';
import { type Proc, startSimulator } from './processes.ts';

export interface SimulatorFixture {
  /** Its `ws://` URL; read it inside a hook or test (the process starts in `beforeAll`). */
  readonly url: string;
  /** The gateway token it accepts. */
  readonly token: string;
  readonly proc: Proc;
}

/** Starts the simulator (`main.ts` flags in `args`) before the block's tests and stops it after them. */
export function useSimulator(token: string, args: string[] = []): SimulatorFixture {
  let started: { proc: Proc; url: string } | undefined;
  const running = () => {
    if (!started) throw new Error('the gateway simulator is not running: read it in a hook or a test');
    return started;
  };
  beforeAll(async () => {
    started = await startSimulator(token, args);
  }, 60_000);
  afterAll(async () => {
    await started?.proc.stop();
  });
  return {
    get url() {
      return running().url;
    },
    get proc() {
      return running().proc;
    },
    token,
  };
}
