/**
 * One production-shaped stack per test worker (five subgraphs, a local-auth router and an OIDC router
 * on a fresh database), shared by every e2e file that asks for it: vitest runs our files with
 * `isolate: false`, so this module's state outlives a file and a stack's ~25 s start-up is paid once.
 * Files sharing it keep their data apart by making their own organizations, users and agents; a file
 * that needs a fresh database, special subgraph settings or restarts processes starts its own stack.
 * The stack stops when the worker ends; the global teardown (ops/test) stops and drops whatever a
 * killed worker left behind.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { register } from '../../../ops/test/stack-registry.ts';
import { type AdminStack, adminStackOn } from './admin-stack.ts';
import { OIDC_AUDIENCE, startOidcProvider } from './oidc.ts';
import { freshDatabase, type Proc, type ProductionStack, startProductionStack } from './processes.ts';
import { oidcRouterEnv, type StackWithOidc } from './stack-with-oidc.ts';

let shared: Promise<StackWithOidc> | undefined;
const running = new Set<Proc>();

/** Registered for the global teardown, and signalled when this worker ends. */
function track(proc: Proc) {
  const { pid } = proc.child;
  if (pid === undefined || proc.child.exitCode !== null) return;
  running.add(proc);
  proc.child.once('exit', () => running.delete(proc));
  register(inject('stackRegistry'), { pid });
}

let hooked = false;
/** SIGTERM to the shared processes when the worker exits or is terminated (vitest SIGTERMs its workers). */
function stopWithWorker() {
  if (hooked) return;
  hooked = true;
  const signalAll = () => {
    for (const proc of running) proc.child.kill('SIGTERM');
  };
  process.once('exit', signalAll);
  const onTerminate = () => {
    signalAll();
    // Then die of the signal as if nobody had listened.
    process.off('SIGTERM', onTerminate);
    process.kill(process.pid, 'SIGTERM');
  };
  process.on('SIGTERM', onTerminate);
}

async function startShared(): Promise<StackWithOidc> {
  stopWithWorker();
  const db = await freshDatabase(inject('postgresUrl'));
  register(inject('stackRegistry'), { database: new URL(db.url).pathname.slice(1) });
  const oidc = await startOidcProvider(OIDC_AUDIENCE);
  let stack: ProductionStack;
  try {
    stack = await startProductionStack({
      postgresUrl: db.url,
      redisUrl: inject('redisUrl'),
      // Every file registers gateways from 127.0.0.1; registration-limits tests the limits on its own stack.
      subgraphEnv: { REGISTRATION_ATTEMPTS_PER_MINUTE: '10000', REGISTRATION_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '10000' },
    });
  } catch (error) {
    await oidc.close();
    throw error;
  }
  for (const proc of stack.procs) track(proc);
  const startRouter = stack.startRouter;
  // Routers files add (a second instance, other limits) live as long as the stack unless stopped.
  stack.startRouter = async (extra) => {
    const started = await startRouter(extra);
    track(started.proc);
    return started;
  };
  const oidcRouter = await stack.startRouter(oidcRouterEnv(oidc));
  const released = async () => {};
  return { stack: { ...stack, stop: released }, oidc, oidcRouter: oidcRouter.url, stop: released };
}

function sharedBase(): Promise<StackWithOidc> {
  shared ??= startShared().catch((error) => {
    // The next file tries again rather than inheriting this failure.
    shared = undefined;
    throw error;
  });
  return shared;
}

/**
 * The shared stack with its OIDC router. With `routerEnv` (limits, CORS), the file gets its own pair
 * of routers with those settings in front of the shared subgraphs, stopped by its `stop()`.
 */
export async function sharedStackWithOidc(routerEnv?: Record<string, string>): Promise<StackWithOidc> {
  const base = await sharedBase();
  if (!routerEnv) return base;
  const [local, oidc] = await Promise.all([
    base.stack.startRouter(routerEnv),
    base.stack.startRouter({ ...routerEnv, ...oidcRouterEnv(base.oidc) }),
  ]);
  const stop = async () => {
    await Promise.all([local.proc.stop(), oidc.proc.stop()]);
  };
  return { stack: { ...base.stack, routerUrl: local.url, stop }, oidc: base.oidc, oidcRouter: oidc.url, stop };
}

/** The shared stack's subgraphs and local-auth router; `stop()` leaves it running for other files. */
export async function sharedProductionStack(): Promise<ProductionStack> {
  return (await sharedBase()).stack;
}

/** The admin's helpers on the shared stack; `stop()` leaves it running for other files. */
export async function sharedAdminStack(): Promise<AdminStack> {
  const { stack } = await sharedBase();
  return adminStackOn(stack, stack.stop);
}

/**
 * One set-up for the files that run on the shared stack as the local admin: in a `describe`, takes the
 * stack before its tests and releases it after them (the stack keeps running for other files). The
 * helpers answer only inside tests and hooks, once the stack is there.
 */
export function useSharedAdminStack(): AdminStack {
  let admin: AdminStack | undefined;
  beforeAll(async () => {
    admin = await sharedAdminStack();
  }, 180_000);
  afterAll(async () => {
    await admin?.stop();
  });
  const current = () => {
    if (!admin) throw new Error('the shared admin stack is not started yet (used outside a test or hook?)');
    return admin;
  };
  return {
    get stack() {
      return current().stack;
    },
    call: (query, variables, orgId) => current().call(query, variables, orgId),
    organization: (name) => current().organization(name),
    stop: async () => {},
  };
}
