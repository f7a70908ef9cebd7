/**
 * How the simulator answers a request after the handshake: it logs the request, applies the fault knobs
 * (drop the socket, never answer, answer late), checks the method's scope, validates the closed-object
 * params and runs the method's handler; a `SimulatorError` becomes the error answer.
 */
import { type ErrorShape, isRecord, METHOD_SCOPES, type RequestFrame } from '../protocol.ts';
import { SimulatorError } from './state.ts';
import type { Client, MethodSpec, MethodTable, SimulatorCore, SimulatorFaults } from './types.ts';

const MAX_LOGGED_REQUESTS = 1_000;

export const noFaults = (): SimulatorFaults => ({
  rejectAuth: false,
  responseDelayMs: 0,
  unanswered: new Set(),
  dropOn: new Map(),
  silent: false,
});

export interface LoggedRequest {
  method: string;
  params: unknown;
  connectionId: string;
}

export class Dispatcher {
  private readonly core: SimulatorCore;
  private readonly methods: MethodTable;
  private readonly log: LoggedRequest[];

  constructor(core: SimulatorCore, methods: MethodTable, log: LoggedRequest[]) {
    this.core = core;
    this.methods = methods;
    this.log = log;
  }

  async dispatch(client: Client, frame: RequestFrame): Promise<void> {
    const { faults } = this.core;
    this.log.push({ method: frame.method, params: frame.params, connectionId: client.id });
    if (this.log.length > MAX_LOGGED_REQUESTS) this.log.splice(0, this.log.length - MAX_LOGGED_REQUESTS);
    const drops = faults.dropOn.get(frame.method) ?? 0;
    if (drops > 0) {
      faults.dropOn.set(frame.method, drops - 1);
      client.socket.terminate();
      return;
    }
    if (faults.unanswered.has(frame.method)) return;
    if (faults.responseDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.responseDelayMs));
    let response: { ok: true; payload: unknown } | { ok: false; error: ErrorShape };
    try {
      checkScope(client, frame.method);
      const payload = await this.call(frame.method, isRecord(frame.params) ? frame.params : {});
      response = { ok: true, payload };
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      response = {
        ok: false,
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      };
    }
    this.core.send(client, { type: 'res', id: frame.id, ...response });
  }

  private call(method: string, params: Record<string, any>): unknown {
    const spec = Object.hasOwn(this.methods, method) ? this.methods[method] : undefined;
    if (!spec) throw new SimulatorError('INVALID_REQUEST', `unknown method: ${method}`);
    const problem = paramsError(params, spec);
    if (problem) throw new SimulatorError('INVALID_REQUEST', `invalid ${method} params: ${problem}`);
    return spec.handle(params);
  }
}

function checkScope(client: Client, method: string): void {
  const required = METHOD_SCOPES[method];
  const scopes = client.connected!.scopes;
  if (required && !scopes.includes(required) && !scopes.includes('operator.admin')) {
    throw new SimulatorError('FORBIDDEN', `missing scope: ${required}`, {
      code: 'MISSING_SCOPE',
      missingScope: required,
      requiredScopes: [required],
    });
  }
}

function paramsError(params: Record<string, unknown>, spec: MethodSpec): string | null {
  for (const key of spec.required) {
    if (params[key] === undefined || params[key] === '') return `must have required property '${key}'`;
  }
  for (const key of Object.keys(params)) {
    if (!spec.required.includes(key) && !spec.optional.includes(key))
      return `must NOT have additional properties (${key})`;
  }
  return null;
}
