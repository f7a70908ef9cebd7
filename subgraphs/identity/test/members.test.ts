import { DATABASE_KINDS, executeAs, startTestSubgraph, system } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalChanged } from '../src/events.ts';
import { identityModule } from '../src/index.ts';
import { addMember, createOrg, memberIdOf, ok, RESOLVE_USER, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const ROLE = `mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) {
  __typename ... on Member { id role } ... on DomainError { code ids } } }`;
const REMOVE = `mutation($id: ID!) { removeMember(memberId: $id) {
  __typename ... on DeletedRecord { id } ... on DomainError { code } } }`;
const LEAVE = `mutation($id: ID!) { leaveOrganization(organizationId: $id) {
  __typename ... on DeletedRecord { id } ... on DomainError { code } } }`;
const ACCESS = `mutation($input: SetMemberBoardAccessInput!) { setMemberBoardAccess(input: $input) {
  __typename ... on Member { id allBoardsRead allBoardsWrite boardGrants { boardId permission board { id } } }
  ... on DomainError { code field } } }`;

describe.each(DATABASE_KINDS)('members on %s', (kind) => {
  let subgraph: Subgraph;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV });
  });
  afterAll(() => subgraph.close());

  async function team() {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const ownerMemberId = await memberIdOf(subgraph, owner, org.id, owner.userId);
    const admin = await addMember(subgraph, org, owner, 'ADMIN');
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    return { owner: { ...owner, memberId: ownerMemberId }, org, admin, member };
  }

  it('lists members with their users, to members only', async () => {
    const { owner, org, member } = await team();
    const data = await ok(
      subgraph,
      member.identity,
      'query($id: ID!) { members(organizationId: $id) { role user { id email displayName } organization { id } } }',
      { id: org.id },
    );
    expect(data.members.map((m: { role: string }) => m.role)).toEqual(['OWNER', 'ADMIN', 'MEMBER']);
    expect(data.members[0].user).toMatchObject({ id: owner.userId, email: owner.email });
    const outsider = await signUp(subgraph, 'outsider');
    const refused = await executeAs(
      subgraph.instance,
      outsider.identity,
      'query($id: ID!) { members(organizationId: $id) { id } }',
      {
        id: org.id,
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('batches nested loads: listing many members costs a fixed number of queries', async () => {
    const { owner, org } = await team();
    for (let i = 0; i < 4; i += 1) await addMember(subgraph, org, owner, 'MEMBER');
    const statements: string[] = [];
    const stop = subgraph.runtime.database.onQuery((sql) => statements.push(sql));
    try {
      const data = await ok(
        subgraph,
        owner.identity,
        `query($id: ID!) { members(organizationId: $id) { id user { id displayName } organization { id name }
          boardGrants { boardId } } }`,
        { id: org.id },
      );
      expect(data.members).toHaveLength(7);
    } finally {
      stop();
    }
    // guard + list + users + organizations (visibility + rows) + grants: independent of the member count.
    expect(statements.length).toBeLessThanOrEqual(6);
  });

  it('lets admins change roles, but only owners grant or remove OWNER', async () => {
    const { owner, admin, member } = await team();
    const promoted = await ok(subgraph, admin.identity, ROLE, { input: { memberId: member.memberId, role: 'ADMIN' } });
    expect(promoted.updateMemberRole).toMatchObject({ __typename: 'Member', role: 'ADMIN' });
    const toOwner = await executeAs(subgraph.instance, admin.identity, ROLE, {
      input: { memberId: member.memberId, role: 'OWNER' },
    });
    expect(toOwner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const demoteOwner = await executeAs(subgraph.instance, admin.identity, ROLE, {
      input: { memberId: owner.memberId, role: 'MEMBER' },
    });
    expect(demoteOwner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byOwner = await ok(subgraph, owner.identity, ROLE, { input: { memberId: member.memberId, role: 'OWNER' } });
    expect(byOwner.updateMemberRole.role).toBe('OWNER');
  });

  it('refuses members changing roles', async () => {
    const { member, admin } = await team();
    const refused = await executeAs(subgraph.instance, member.identity, ROLE, {
      input: { memberId: admin.memberId, role: 'MEMBER' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('never lets the last owner be demoted, removed or leave (LAST_OWNER)', async () => {
    const { owner, org } = await team();
    const demote = await ok(subgraph, owner.identity, ROLE, { input: { memberId: owner.memberId, role: 'ADMIN' } });
    expect(demote.updateMemberRole).toMatchObject({
      __typename: 'DomainError',
      code: 'LAST_OWNER',
      ids: [owner.memberId],
    });
    const remove = await ok(subgraph, owner.identity, REMOVE, { id: owner.memberId });
    expect(remove.removeMember).toMatchObject({ code: 'LAST_OWNER' });
    const leave = await ok(subgraph, owner.identity, LEAVE, { id: org.id });
    expect(leave.leaveOrganization).toMatchObject({ code: 'LAST_OWNER' });
    // With a second owner the first may step down.
    const second = await addMember(subgraph, org, owner, 'OWNER');
    const left = await ok(subgraph, owner.identity, LEAVE, { id: org.id });
    expect(left.leaveOrganization).toEqual({ __typename: 'DeletedRecord', id: owner.memberId });
    const last = await ok(subgraph, second.identity, LEAVE, { id: org.id });
    expect(last.leaveOrganization).toMatchObject({ code: 'LAST_OWNER' });
  });

  it('keeps an owner when two owners step down at the same time', async () => {
    const { owner, org } = await team();
    const second = await addMember(subgraph, org, owner, 'OWNER');
    const results = await Promise.all([
      executeAs(subgraph.instance, owner.identity, ROLE, { input: { memberId: second.memberId, role: 'MEMBER' } }),
      executeAs(subgraph.instance, second.identity, ROLE, { input: { memberId: owner.memberId, role: 'MEMBER' } }),
      executeAs(subgraph.instance, owner.identity, LEAVE, { id: org.id }),
      executeAs(subgraph.instance, second.identity, LEAVE, { id: org.id }),
    ]);
    // Whatever the interleaving, something succeeds and every refusal is typed (a caller who lost
    // their role or membership meanwhile is refused too).
    const outcomes = results.map((r) => {
      const value = r.data ? (Object.values(r.data)[0] as { __typename: string; code?: string } | null) : null;
      return value?.__typename === 'DomainError' || !value ? (value?.code ?? r.errors?.[0]?.extensions?.code) : 'ok';
    });
    expect(outcomes).toContain('ok');
    for (const outcome of outcomes) expect(['ok', 'LAST_OWNER', 'FORBIDDEN', 'NOT_FOUND']).toContain(outcome);
    const owners = await Promise.all(
      [owner, second].map((person) =>
        ok(subgraph, system, RESOLVE_USER, {
          input: { externalId: `oidc:https://issuer.test|${person.email}`, organizationId: org.id },
        }),
      ),
    );
    const roles = owners.map((p) => p._resolveUserPrincipal.org?.role ?? null);
    expect(roles.filter((role) => role === 'OWNER')).toHaveLength(1);
  });

  it('removes members (admins), owners only by owners, and lets members leave', async () => {
    const { owner, org, admin, member } = await team();
    const secondOwner = await addMember(subgraph, org, owner, 'OWNER');
    const refused = await executeAs(subgraph.instance, admin.identity, REMOVE, { id: secondOwner.memberId });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byMember = await executeAs(subgraph.instance, member.identity, REMOVE, { id: admin.memberId });
    expect(byMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const removed = await ok(subgraph, admin.identity, REMOVE, { id: member.memberId });
    expect(removed.removeMember).toEqual({ __typename: 'DeletedRecord', id: member.memberId });
    const gone = await executeAs(
      subgraph.instance,
      member.identity,
      'query($id: ID!) { organization(id: $id) { id } }',
      {
        id: org.id,
      },
    );
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ownerRemoved = await ok(subgraph, owner.identity, REMOVE, { id: secondOwner.memberId });
    expect(ownerRemoved.removeMember.__typename).toBe('DeletedRecord');
    const left = await ok(subgraph, admin.identity, LEAVE, { id: org.id });
    expect(left.leaveOrganization.__typename).toBe('DeletedRecord');
  });

  it('sets org-wide flags and per-board grants (admins) and publishes principalChanged', async () => {
    const { admin, member } = await team();
    const events: unknown[] = [];
    const unsubscribe = await subgraph.runtime.bus.subscribe(principalChanged, (payload) => events.push(payload));
    const boardA = crypto.randomUUID();
    const boardB = crypto.randomUUID();
    try {
      const set = await ok(subgraph, admin.identity, ACCESS, {
        input: {
          memberId: member.memberId,
          allBoardsRead: true,
          boards: [
            { boardId: boardA, permission: 'WRITE' },
            { boardId: boardB, permission: 'READ' },
          ],
        },
      });
      expect(set.setMemberBoardAccess).toMatchObject({
        __typename: 'Member',
        allBoardsRead: true,
        allBoardsWrite: false,
      });
      expect(set.setMemberBoardAccess.boardGrants).toEqual(
        expect.arrayContaining([
          { boardId: boardA, permission: 'WRITE', board: { id: boardA } },
          { boardId: boardB, permission: 'READ', board: { id: boardB } },
        ]),
      );
      const replaced = await ok(subgraph, admin.identity, ACCESS, {
        input: { memberId: member.memberId, boards: [{ boardId: boardB, permission: 'WRITE' }] },
      });
      expect(replaced.setMemberBoardAccess.allBoardsRead).toBe(true);
      expect(replaced.setMemberBoardAccess.boardGrants).toEqual([
        { boardId: boardB, permission: 'WRITE', board: { id: boardB } },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(events).toContainEqual({ userId: member.userId });
    } finally {
      await unsubscribe();
    }
    const dup = await ok(subgraph, admin.identity, ACCESS, {
      input: {
        memberId: member.memberId,
        boards: [
          { boardId: boardA, permission: 'READ' },
          { boardId: boardA, permission: 'WRITE' },
        ],
      },
    });
    expect(dup.setMemberBoardAccess).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.boards.1.boardId' });
    const badId = await ok(subgraph, admin.identity, ACCESS, {
      input: { memberId: member.memberId, boards: [{ boardId: 'x', permission: 'READ' }] },
    });
    expect(badId.setMemberBoardAccess).toMatchObject({ code: 'BAD_USER_INPUT' });
    const refused = await executeAs(subgraph.instance, member.identity, ACCESS, {
      input: { memberId: member.memberId, allBoardsWrite: true },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
