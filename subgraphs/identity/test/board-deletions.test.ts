/**
 * Work's `boardDeleted` takes the board's access with it: members' grants and pending invites'
 * grants for that board, within the event's organization only, once per event, with
 * `principalChanged` for each affected user.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, startTestSubgraph, system } from '@mc/kit/testing';
import type { WorkChange } from '@mc/kit/topics/work';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalChanged } from '../src/events.ts';
import { identityModule } from '../src/index.ts';
import { addMember, CREATE_INVITE, createOrg, ok, RESOLVE_USER, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const ACCESS = `mutation($input: SetMemberBoardAccessInput!) { setMemberBoardAccess(input: $input) {
  __typename ... on Member { id } ... on DomainError { code } } }`;
const INVITES = 'query($id: ID!) { invites(organizationId: $id) { id boardGrants { boardId permission } } }';

function boardDeleted(organizationId: string, boardId: string, id = randomUUID()): DomainEvent<WorkChange> {
  return {
    id,
    topic: 'work.boardDeleted',
    organizationId,
    actor: { kind: 'user', id: randomUUID() },
    occurredAt: new Date().toISOString(),
    payload: { boardId, before: { name: 'Doomed' }, after: null },
  };
}

describe.each(DATABASE_KINDS)('board deletions on %s', (kind) => {
  let subgraph: Subgraph;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV });
  });
  afterAll(() => subgraph.close());

  async function boardsOf(user: { email: string }, organizationId: string) {
    const data = await ok(subgraph, system, RESOLVE_USER, {
      input: { externalId: `oidc:https://issuer.test|${user.email}`, organizationId },
    });
    return (data._resolveUserPrincipal.org.boards as { boardId: string }[]).map((grant) => grant.boardId).sort();
  }

  it('removes the grants of the deleted board only, in its organization only, and announces it', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const other = await addMember(subgraph, org, owner, 'MEMBER', 'other');
    const [doomed, kept] = [randomUUID(), randomUUID()].sort();
    for (const target of [member, other]) {
      const set = await ok(subgraph, owner.identity, ACCESS, {
        input: {
          memberId: target.memberId,
          boards: [
            { boardId: doomed, permission: 'WRITE' },
            { boardId: kept, permission: 'READ' },
          ],
        },
      });
      expect(set.setMemberBoardAccess.__typename).toBe('Member');
    }
    // Another organization holding a grant for the same id (cannot happen with real boards) stays.
    const stranger = await signUp(subgraph, 'stranger');
    const foreign = await createOrg(subgraph, stranger);
    const outsider = await addMember(subgraph, foreign, stranger, 'MEMBER', 'outsider');
    await ok(subgraph, stranger.identity, ACCESS, {
      input: { memberId: outsider.memberId, boards: [{ boardId: doomed, permission: 'READ' }] },
    });
    // Pending invites carrying the board drop it and keep the rest.
    const invite = await ok(subgraph, owner.identity, CREATE_INVITE, {
      input: {
        organizationId: org.id,
        email: `${randomUUID()}@example.test`,
        role: 'MEMBER',
        boards: [
          { boardId: doomed, permission: 'READ' },
          { boardId: kept, permission: 'WRITE' },
        ],
      },
    });
    expect(invite.createInvite.__typename).toBe('CreatedInvite');
    const foreignInvite = await ok(subgraph, stranger.identity, CREATE_INVITE, {
      input: {
        organizationId: foreign.id,
        email: `${randomUUID()}@example.test`,
        role: 'MEMBER',
        boards: [{ boardId: doomed, permission: 'READ' }],
      },
    });

    const changes: unknown[] = [];
    const unsubscribe = await subgraph.runtime.bus.subscribe(principalChanged, (payload) => changes.push(payload));
    try {
      const event = boardDeleted(org.id, doomed);
      await subgraph.runtime.events.stream.append([event]);
      await expect.poll(() => boardsOf(member, org.id)).toEqual([kept]);
      expect(await boardsOf(other, org.id)).toEqual([kept]);
      expect(await boardsOf(outsider, foreign.id)).toEqual([doomed]);
      await expect
        .poll(() => changes)
        .toEqual(expect.arrayContaining([{ userId: member.userId }, { userId: other.userId }]));
      expect(changes).toHaveLength(2);

      const pending = await ok(subgraph, owner.identity, INVITES, { id: org.id });
      expect(pending.invites.find((i: { id: string }) => i.id === invite.createInvite.invite.id).boardGrants).toEqual([
        { boardId: kept, permission: 'WRITE' },
      ]);
      const foreignPending = await ok(subgraph, stranger.identity, INVITES, { id: foreign.id });
      expect(
        foreignPending.invites.find((i: { id: string }) => i.id === foreignInvite.createInvite.invite.id).boardGrants,
      ).toEqual([{ boardId: doomed, permission: 'READ' }]);

      // Redelivery does nothing, and announces nothing, again.
      await subgraph.runtime.events.stream.append([event]);
      await new Promise((done) => setTimeout(done, 300));
      expect(changes).toHaveLength(2);
      expect(await boardsOf(member, org.id)).toEqual([kept]);
      expect(await boardsOf(outsider, foreign.id)).toEqual([doomed]);
    } finally {
      await unsubscribe();
    }
  });

  it('skips malformed events and keeps consuming', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const board = randomUUID();
    await ok(subgraph, owner.identity, ACCESS, {
      input: { memberId: member.memberId, boards: [{ boardId: board, permission: 'READ' }] },
    });
    const malformed = { ...boardDeleted(org.id, board), payload: { boardId: 'not-an-id', before: null, after: null } };
    await subgraph.runtime.events.stream.append([malformed, { ...boardDeleted(org.id, board), organizationId: null }]);
    await new Promise((done) => setTimeout(done, 300));
    expect(await boardsOf(member, org.id)).toEqual([board]);
    await subgraph.runtime.events.stream.append([boardDeleted(org.id, board)]);
    await expect.poll(() => boardsOf(member, org.id)).toEqual([]);
  });
});
