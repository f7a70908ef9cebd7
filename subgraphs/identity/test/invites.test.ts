import { ManualClock } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityModule } from '../src/index.ts';
import { INVITE_TTL_MS } from '../src/services/invite-service.ts';
import { ACCEPT_INVITE, addMember, CREATE_INVITE, createOrg, ok, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const PENDING = 'query($id: ID!) { invites(organizationId: $id) { id email role } }';
const REVOKE = `mutation($id: ID!) { revokeInvite(id: $id) {
  __typename ... on Invite { id revokedAt } ... on DomainError { code } } }`;

describe.each(DATABASE_KINDS)('invites on %s', (kind) => {
  let subgraph: Subgraph;
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV, clock });
  });
  afterAll(() => subgraph.close());

  it('copies role, flags and board grants into the new membership', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const invitee = await signUp(subgraph, 'invitee');
    const board = crypto.randomUUID();
    const created = await ok(subgraph, owner.identity, CREATE_INVITE, {
      input: {
        organizationId: org.id,
        email: invitee.email.toUpperCase(),
        role: 'ADMIN',
        allBoardsRead: true,
        boards: [{ boardId: board, permission: 'WRITE' }],
      },
    });
    const { token, invite } = created.createInvite;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invite).toMatchObject({ email: invitee.email, role: 'ADMIN', allBoardsRead: true, allBoardsWrite: false });
    expect(new Date(invite.expiresAt).getTime()).toBe(clock.now().getTime() + INVITE_TTL_MS);
    const pending = await ok(subgraph, owner.identity, PENDING, { id: org.id });
    expect(pending.invites).toEqual([{ id: invite.id, email: invitee.email, role: 'ADMIN' }]);

    const accepted = await ok(subgraph, invitee.identity, ACCEPT_INVITE, { token });
    expect(accepted.acceptInvite).toMatchObject({
      __typename: 'Member',
      role: 'ADMIN',
      allBoardsRead: true,
      allBoardsWrite: false,
      boardGrants: [{ boardId: board, permission: 'WRITE', board: { id: board } }],
      organization: { id: org.id },
      user: { id: invitee.userId },
    });
    const again = await ok(subgraph, invitee.identity, ACCEPT_INVITE, { token });
    expect(again.acceptInvite).toMatchObject({ code: 'INVITE_USED' });
    expect((await ok(subgraph, owner.identity, PENDING, { id: org.id })).invites).toEqual([]);
  });

  it('refuses expired, revoked and unknown tokens with typed codes', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const invitee = await signUp(subgraph, 'invitee');
    const input = { organizationId: org.id, email: invitee.email, role: 'MEMBER' };
    const expiring = (await ok(subgraph, owner.identity, CREATE_INVITE, { input })).createInvite;
    const revoked = (await ok(subgraph, owner.identity, CREATE_INVITE, { input })).createInvite;
    const revoke = await ok(subgraph, owner.identity, REVOKE, { id: revoked.invite.id });
    expect(revoke.revokeInvite.__typename).toBe('Invite');
    expect((await ok(subgraph, invitee.identity, ACCEPT_INVITE, { token: revoked.token })).acceptInvite).toMatchObject({
      code: 'INVITE_REVOKED',
    });
    expect((await ok(subgraph, invitee.identity, ACCEPT_INVITE, { token: 'not-a-token' })).acceptInvite).toMatchObject({
      code: 'INVALID_TOKEN',
    });
    clock.advance(INVITE_TTL_MS + 1000);
    try {
      expect(
        (await ok(subgraph, invitee.identity, ACCEPT_INVITE, { token: expiring.token })).acceptInvite,
      ).toMatchObject({
        code: 'INVITE_EXPIRED',
      });
      expect((await ok(subgraph, owner.identity, PENDING, { id: org.id })).invites).toEqual([]);
    } finally {
      clock.advance(-(INVITE_TTL_MS + 1000));
    }
  });

  it('refuses inviting an existing member (CONFLICT), and a second acceptance by a member', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const dup = await ok(subgraph, owner.identity, CREATE_INVITE, {
      input: { organizationId: org.id, email: member.email, role: 'ADMIN' },
    });
    expect(dup.createInvite).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
    const other = await ok(subgraph, owner.identity, CREATE_INVITE, {
      input: { organizationId: org.id, email: 'someone-else@example.test', role: 'ADMIN' },
    });
    const reuse = await ok(subgraph, member.identity, ACCEPT_INVITE, { token: other.createInvite.token });
    expect(reuse.acceptInvite).toMatchObject({ code: 'CONFLICT' });
    // The refused acceptance did not consume the invite.
    const pending = await ok(subgraph, owner.identity, PENDING, { id: org.id });
    expect(pending.invites.map((i: { id: string }) => i.id)).toContain(other.createInvite.invite.id);
  });

  it('needs an admin to invite and an owner to invite an owner', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const admin = await addMember(subgraph, org, owner, 'ADMIN');
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const asOwner = await executeAs(subgraph.instance, admin.identity, CREATE_INVITE, {
      input: { organizationId: org.id, email: 'x@example.test', role: 'OWNER' },
    });
    expect(asOwner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byMember = await executeAs(subgraph.instance, member.identity, CREATE_INVITE, {
      input: { organizationId: org.id, email: 'x@example.test', role: 'MEMBER' },
    });
    expect(byMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listByMember = await executeAs(subgraph.instance, member.identity, PENDING, { id: org.id });
    expect(listByMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const newOwner = await addMember(subgraph, org, owner, 'OWNER');
    const members = await ok(
      subgraph,
      newOwner.identity,
      'query($id: ID!) { members(organizationId: $id) { role user { id } } }',
      {
        id: org.id,
      },
    );
    expect(members.members).toContainEqual({ role: 'OWNER', user: { id: newOwner.userId } });
    const badEmail = await ok(subgraph, owner.identity, CREATE_INVITE, {
      input: { organizationId: org.id, email: 'not-an-email', role: 'MEMBER' },
    });
    expect(badEmail.createInvite).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  });
});
