import { describe, expect, it } from 'vitest';
import { invalidationKeys, principalKey, scopeKey, stableStringify } from './scope.ts';

const org = (boards: Record<string, 'read' | 'write'>) => ({
  id: 'o1',
  role: 'MEMBER' as const,
  allBoardsRead: false,
  allBoardsWrite: false,
  boards,
});

describe('subscription scopes', () => {
  it('gives identical principals one scope whatever the key order', () => {
    const a = scopeKey({ kind: 'user', userId: 'u1', email: null, org: org({ b1: 'read', b2: 'write' }) });
    const b = scopeKey({ org: org({ b2: 'write', b1: 'read' }), email: null, userId: 'u1', kind: 'user' } as never);
    expect(a).toBe(b);
  });

  it('separates the same user with different access, and different subjects', () => {
    const reader = scopeKey({ kind: 'user', userId: 'u1', email: null, org: org({ b1: 'read' }) });
    const writer = scopeKey({ kind: 'user', userId: 'u1', email: null, org: org({ b1: 'write' }) });
    const other = scopeKey({ kind: 'user', userId: 'u2', email: null, org: org({ b1: 'read' }) });
    expect(new Set([reader, writer, other]).size).toBe(3);
    expect(scopeKey({ kind: 'h5', h5UserId: 'h', orgId: 'o' })).not.toBe(
      scopeKey({ kind: 'h5', h5UserId: 'h', orgId: 'o2' }),
    );
  });

  it('names the principal for caps (none for anonymous) and the keys identity invalidates', () => {
    expect(principalKey({ kind: 'user', userId: 'u1', email: null, org: null })).toBe('user:u1');
    expect(principalKey({ kind: 'agent', agentId: 'a', orgId: 'o', credentialId: 'c' })).toBe('agent:a');
    expect(principalKey({ kind: 'anonymous' })).toBeNull();
    expect(invalidationKeys({ kind: 'agent', agentId: 'a', orgId: 'o', credentialId: 'c' })).toEqual(['credential:c']);
    expect(invalidationKeys({ kind: 'h5', h5UserId: 'h', orgId: 'o' })).toEqual(['h5:h']);
    expect(invalidationKeys({ kind: 'anonymous' })).toEqual([]);
  });

  it('prints values stably', () => {
    expect(stableStringify({ b: [1, { d: 1, c: null }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[1,{"c":null,"d":1}]}',
    );
  });
});
