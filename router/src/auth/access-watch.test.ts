import { AccessError, createLogger, ErrorCode, type Identity, type OrgAccess } from '@mc/kit';
import { describe, expect, it } from 'vitest';
import { AccessWatch, accessShrank, type WatchedSocket } from './access-watch.ts';
import type { Authenticated } from './authenticator.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const OTHER_ORG = '00000000-0000-4000-8000-000000000002';

const user = (org: Partial<OrgAccess> | null, userId = 'u1'): Identity => ({
  kind: 'user',
  userId,
  email: 'a@example.test',
  org:
    org === null ? null : { id: ORG, role: 'MEMBER', allBoardsRead: false, allBoardsWrite: false, boards: {}, ...org },
});

describe('accessShrank', () => {
  it('does not count gains or unchanged access', () => {
    const before = user({ role: 'ADMIN', boards: { b1: 'read' } });
    expect(accessShrank(before, before)).toBe(false);
    expect(accessShrank(before, user({ role: 'OWNER', boards: { b1: 'read' } }))).toBe(false);
    expect(accessShrank(before, user({ role: 'ADMIN', boards: { b1: 'write', b2: 'read' } }))).toBe(false);
    expect(accessShrank(before, user({ role: 'ADMIN', allBoardsRead: true, boards: { b1: 'read' } }))).toBe(false);
    expect(accessShrank(user(null), user({}))).toBe(false);
    expect(accessShrank(user(null), user(null))).toBe(false);
  });

  it('counts a lost membership, a lower role, a removed flag or grant, write turned read', () => {
    const before = user({
      role: 'ADMIN',
      allBoardsRead: true,
      allBoardsWrite: true,
      boards: { b1: 'write', b2: 'read' },
    });
    const same = {
      role: 'ADMIN' as const,
      allBoardsRead: true,
      allBoardsWrite: true,
      boards: { b1: 'write', b2: 'read' } as const,
    };
    expect(accessShrank(before, user(null))).toBe(true);
    expect(accessShrank(before, user({ ...same, id: OTHER_ORG }))).toBe(true);
    expect(accessShrank(before, user({ ...same, role: 'MEMBER' }))).toBe(true);
    expect(accessShrank(before, user({ ...same, allBoardsRead: false }))).toBe(true);
    expect(accessShrank(before, user({ ...same, allBoardsWrite: false }))).toBe(true);
    expect(accessShrank(before, user({ ...same, boards: { b1: 'write' } }))).toBe(true);
    expect(accessShrank(before, user({ ...same, boards: { b1: 'read', b2: 'read' } }))).toBe(true);
    expect(accessShrank(before, user({ ...same }, 'u2'))).toBe(true);
  });

  it('counts any change of another kind of principal', () => {
    const agent: Identity = { kind: 'agent', agentId: 'a', orgId: ORG, credentialId: 'c' };
    expect(accessShrank(agent, { ...agent })).toBe(false);
    expect(accessShrank(agent, { ...agent, credentialId: 'd' })).toBe(true);
  });
});

describe('AccessWatch', () => {
  const logger = createLogger('access-watch-test', 'silent');
  const authenticated = (identity: Identity): Authenticated => ({ identity, credentialExpiresAt: undefined });

  /** A watched socket whose events are recorded, and an authenticate answering from `answers`. */
  const setup = (initial: Identity) => {
    const events: string[] = [];
    const answers: (() => Promise<Authenticated>)[] = [];
    const watch = new AccessWatch({
      authenticate: () => {
        const next = answers.shift();
        if (!next) throw new Error('unexpected authentication');
        return next();
      },
      logger,
    });
    const socket: WatchedSocket = {
      credential: { authorization: 'Bearer x', organizationId: ORG },
      auth: authenticated(initial),
      update: (auth) =>
        events.push(`update:${JSON.stringify(auth.identity.kind === 'user' && auth.identity.org?.boards)}`),
      close: () => events.push('close'),
    };
    const unwatch = watch.watch(socket);
    return { watch, events, answers, unwatch };
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('keeps a socket whose access grew and closes one whose access shrank', async () => {
    const { watch, events, answers } = setup(user({ boards: { b1: 'read' } }));
    answers.push(async () => authenticated(user({ boards: { b1: 'read', b2: 'read' } })));
    watch.changed({ userId: 'u1' });
    await settle();
    expect(events).toEqual(['update:{"b1":"read","b2":"read"}']);
    // Compared with the access it now has: losing b2 shrinks it, though b1 is still there.
    answers.push(async () => authenticated(user({ boards: { b1: 'read' } })));
    watch.changed({ userId: 'u1' });
    await settle();
    expect(events.at(-1)).toBe('close');
  });

  it('ignores other principals, closes at once for H5 users and credentials', async () => {
    const { watch, events } = setup(user({}));
    watch.changed({ userId: 'u2' });
    watch.changed({ h5UserId: 'u1' });
    await settle();
    expect(events).toEqual([]);
    const agent = setup({ kind: 'agent', agentId: 'a', orgId: ORG, credentialId: 'c1' });
    agent.watch.changed({ credentialId: 'c1' });
    expect(agent.events).toEqual(['close']);
    const h5 = setup({ kind: 'h5', h5UserId: 'h1', orgId: ORG });
    h5.watch.changed({ h5UserId: 'h1' });
    expect(h5.events).toEqual(['close']);
  });

  it('closes when authentication is refused or identity cannot answer', async () => {
    const refused = setup(user({}));
    refused.answers.push(async () => {
      throw new AccessError(ErrorCode.UNAUTHENTICATED, 'no');
    });
    refused.watch.changed({ userId: 'u1' });
    await settle();
    expect(refused.events).toEqual(['close']);
    const unavailable = setup(user({}));
    unavailable.answers.push(async () => {
      throw new Error('identity unreachable');
    });
    unavailable.watch.changed({ userId: 'u1' });
    await settle();
    expect(unavailable.events).toEqual(['close']);
  });

  it('checks one at a time and once more after changes that arrive meanwhile, applying the last answer last', async () => {
    const { watch, events, answers } = setup(user({ boards: { b1: 'read' } }));
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first check reads a grant that a later change removed; the second reads the removal.
    answers.push(async () => {
      await slow;
      return authenticated(user({ boards: { b1: 'read', b2: 'read' } }));
    });
    answers.push(async () => authenticated(user({ boards: { b1: 'read' } })));
    watch.changed({ userId: 'u1' });
    watch.changed({ userId: 'u1' });
    watch.changed({ userId: 'u1' });
    await settle();
    expect(events).toEqual([]);
    release();
    await settle();
    expect(events).toEqual(['update:{"b1":"read","b2":"read"}', 'close']);
    expect(answers).toEqual([]);
  });

  it('applies a change that landed while the socket was authenticating, and only such a change', async () => {
    const closed: string[] = [];
    const watch = new AccessWatch({ authenticate: () => Promise.reject(new Error('not expected')), logger });
    const agentSocket = (credentialId: string): WatchedSocket => ({
      credential: { authorization: 'Bearer mca_x', organizationId: undefined },
      auth: authenticated({ kind: 'agent', agentId: 'a', orgId: ORG, credentialId }),
      update: () => closed.push(`update:${credentialId}`),
      close: () => closed.push(credentialId),
    });
    const during = watch.begin();
    const unrelated = watch.begin();
    watch.changed({ credentialId: 'c1' });
    const after = watch.begin();
    watch.watch(agentSocket('c1'), during);
    watch.watch(agentSocket('c2'), unrelated);
    expect(closed).toEqual(['c1']);
    watch.watch(agentSocket('c1'), after);
    expect(closed).toEqual(['c1']);
  });

  it('does nothing for a socket no longer watched', async () => {
    const { watch, events, unwatch } = setup({ kind: 'agent', agentId: 'a', orgId: ORG, credentialId: 'c1' });
    unwatch();
    watch.changed({ credentialId: 'c1' });
    expect(events).toEqual([]);
  });
});
