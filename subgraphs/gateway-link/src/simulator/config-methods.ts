/**
 * The simulator's config.get (secrets redacted, content hash) and config.patch (RFC 7396 merge patch with
 * an optimistic base hash; a change under `gateway.` other than auth restarts the gateway, like OpenClaw).
 */
import { createHash } from 'node:crypto';
import { isRecord } from '../protocol.ts';
import { SimulatorError } from './state.ts';
import type { MethodTable, SimulatorCore } from './types.ts';

const REDACTED = '__OPENCLAW_REDACTED__';

/** The initial `gateway.auth` block for a shared token (or none). */
export const authConfig = (token: string | null) => (token === null ? { mode: 'none' } : { mode: 'token', token });

export function configMethods(core: SimulatorCore): MethodTable {
  const { state, options } = core;
  const path = () => `${options.stateDir}/openclaw.json`;
  return {
    'config.get': {
      required: [],
      optional: [],
      handle: () => {
        const redacted = redactSecrets(state.config);
        const hash = configHash(state.config);
        return {
          path: path(),
          exists: true,
          valid: true,
          raw: JSON.stringify(redacted, null, 2),
          parsed: redacted,
          config: redacted,
          hash,
          configRevisionHash: hash,
          appliedConfigHash: hash,
          issues: [],
          warnings: [],
        };
      },
    },
    'config.patch': {
      required: ['raw'],
      optional: ['baseHash', 'sessionKey', 'deliveryContext', 'note', 'restartDelayMs', 'replacePaths'],
      handle: (params) => {
        if (params.baseHash !== undefined && params.baseHash !== configHash(state.config)) {
          throw new SimulatorError('INVALID_REQUEST', 'config changed since last load; re-run config.get and retry');
        }
        let patch: unknown;
        try {
          patch = JSON.parse(params.raw);
        } catch {
          throw new SimulatorError('INVALID_REQUEST', 'invalid config.patch params: raw must be a JSON object');
        }
        if (!isRecord(patch)) throw new SimulatorError('INVALID_REQUEST', 'config.patch raw must be an object');
        const changedPaths: string[] = [];
        state.config = mergePatch(state.config, patch, '', changedPaths);
        const requiresRestart = changedPaths.some(
          (changed) => changed.startsWith('gateway.') && !changed.startsWith('gateway.auth.'),
        );
        const hash = configHash(state.config);
        core.broadcast('config.changed', { path: path(), hash, ts: Date.now() });
        if (requiresRestart) {
          const delay = typeof params.restartDelayMs === 'number' ? params.restartDelayMs : 50;
          setTimeout(() => {
            core.restart().catch(() => {});
          }, delay);
        }
        return { ok: true, path: path(), hash, changedPaths, sentinel: { payload: { stats: { requiresRestart } } } };
      },
    },
  };
}

const configHash = (config: unknown) => createHash('sha256').update(JSON.stringify(config)).digest('hex');

function redactSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v, k)]));
  return /token|password|apiKey|secret/i.test(key) && typeof value === 'string' ? REDACTED : value;
}

/** RFC 7396 merge patch, collecting the dotted paths it changed. */
function mergePatch(target: any, patch: Record<string, unknown>, prefix: string, changed: string[]): any {
  const result: Record<string, any> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === null) {
      if (key in result) changed.push(path);
      delete result[key];
    } else if (isRecord(value)) {
      result[key] = mergePatch(result[key], value, path, changed);
    } else if (JSON.stringify(result[key]) !== JSON.stringify(value)) {
      result[key] = value;
      changed.push(path);
    }
  }
  return result;
}
