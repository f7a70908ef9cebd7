/**
 * A socket is closed on identity's `principalChanged` only when its access shrank: with real
 * processes (identity, work, routers on the Redis bus), the local admin creating another organization
 * and a member gaining a board keep their sockets and subscriptions (an event after the change still
 * arrives, and the gained board is usable on the same socket), while a removed grant, a lowered role
 * and a removed membership close the socket with 4403.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql } from './support/processes.ts';
import { connect, type TestSocket } from './support/subscription-fixtures/client.ts';
import { type Grant, sharedWorkStack, type WorkStack } from './support/work-fixtures.ts';

const BOARD_EVENTS = 'subscription($b: ID!) { boardEvents(boardId: $b) { type boardId task { title } } }';

describe('socket access after principalChanged', { timeout: 90_000 }, () => {
  let work: WorkStack;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    work = await sharedWorkStack();
  }, 360_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await work?.stop();
  });

  const open = (url: string, token: string, orgId: string) => {
    const socket = connect(url, { authorization: `Bearer ${token}`, 'x-organization-id': orgId });
    sockets.push(socket);
    return socket;
  };
  /** The socket is still open after `ms` (the change has long reached the router by then). */
  const expectOpen = async (socket: TestSocket, ms = 1_500) => {
    const outcome = await Promise.race([socket.closed, new Promise((resolve) => setTimeout(resolve, ms, 'open'))]);
    expect(outcome).toBe('open');
  };
  const expectClosedForAccess = async (socket: TestSocket) => {
    const closed = await Promise.race([
      socket.closed,
      new Promise((resolve) => setTimeout(resolve, 10_000, 'still open')),
    ]);
    expect(closed).toMatchObject({ code: 4403 });
  };
  /** A subscription that is live upstream: it has answered nothing and not ended after a moment. */
  const live = async (socket: TestSocket, boardId: string) => {
    const subscription = socket.subscribe(BOARD_EVENTS, { b: boardId });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subscription.error).toBeUndefined();
    expect(subscription.results).toEqual([]);
    return subscription;
  };
  const taskArrives = async (subscription: ReturnType<TestSocket['subscribe']>, orgId: string, boardId: string) => {
    const title = `after ${randomUUID().slice(0, 8)}`;
    const before = subscription.results.length;
    await work.task(orgId, boardId, { title });
    const results = await subscription.waitFor(before + 1, 15_000);
    expect(results.at(-1)).toEqual({
      data: { boardEvents: { type: 'TASK_CREATED', boardId, task: { title } } },
    });
  };

  /** A person signed in with OIDC who accepted an invite: their token and membership id. */
  const member = async (orgId: string, role: 'MEMBER' | 'ADMIN', boards: Grant[] = []) => {
    const sub = `user-${randomUUID()}`;
    const email = `${sub}@example.test`;
    const invite = await work.admin(orgId)(
      `mutation($input: CreateInviteInput!) { createInvite(input: $input) {
        __typename ... on CreatedInvite { token } ... on DomainError { code message } } }`,
      { input: { organizationId: orgId, email, role, boards } },
    );
    expect(invite.data?.createInvite, JSON.stringify(invite)).toMatchObject({ __typename: 'CreatedInvite' });
    const token = await work.env.oidc.sign({ sub, email, name: sub }, { expiresIn: '1h' });
    const accepted = await gql(
      work.env.oidcRouter,
      'mutation($t: String!) { acceptInvite(token: $t) { __typename ... on Member { id } } }',
      { t: invite.data.createInvite.token },
      bearer(token),
    );
    expect(accepted.body.data?.acceptInvite, JSON.stringify(accepted.body)).toMatchObject({ __typename: 'Member' });
    return { token, memberId: accepted.body.data.acceptInvite.id as string };
  };
  const expectMember = (body: any, field: string) =>
    expect(body.data?.[field], JSON.stringify(body)).toMatchObject({ __typename: 'Member' });

  it("keeps the admin's socket and subscription when the admin creates another organization", async () => {
    const orgId = await work.organization('Keeps socket');
    const boardId = await work.board(orgId);
    const socket = open(work.env.stack.routerUrl, work.env.stack.env.LOCAL_AUTH_TOKEN, orgId);
    const subscription = await live(socket, boardId);

    await work.organization('Another one'); // identity publishes principalChanged for the admin
    await expectOpen(socket);
    await taskArrives(subscription, orgId, boardId);
    expect(subscription.error).toBeUndefined();
  });

  it('keeps a member whose access grew (the new board usable on the same socket); closes when a grant goes', async () => {
    const orgId = await work.organization('Grants');
    const [first, second] = [await work.board(orgId), await work.board(orgId)];
    const { token, memberId } = await member(orgId, 'MEMBER', [{ boardId: first, permission: 'READ' }]);
    const socket = open(work.env.oidcRouter, token, orgId);
    const onFirst = await live(socket, first);

    const granted = await work.admin(orgId)(
      `mutation($input: SetMemberBoardAccessInput!) { setMemberBoardAccess(input: $input) { __typename } }`,
      {
        input: {
          memberId,
          boards: [
            { boardId: first, permission: 'READ' },
            { boardId: second, permission: 'READ' },
          ],
        },
      },
    );
    expectMember(granted, 'setMemberBoardAccess');
    await expectOpen(socket);
    await taskArrives(onFirst, orgId, first);
    // New operations on the socket act with the fresh principal: the granted board can be followed.
    const onSecond = await live(socket, second);
    await taskArrives(onSecond, orgId, second);

    const removed = await work.admin(orgId)(
      `mutation($input: SetMemberBoardAccessInput!) { setMemberBoardAccess(input: $input) { __typename } }`,
      { input: { memberId, boards: [{ boardId: first, permission: 'READ' }] } },
    );
    expectMember(removed, 'setMemberBoardAccess');
    await expectClosedForAccess(socket);
    await onFirst.ended();
  });

  it('closes the socket with 4403 when the role is lowered', async () => {
    const orgId = await work.organization('Lowered');
    const boardId = await work.board(orgId);
    const { token, memberId } = await member(orgId, 'ADMIN', [{ boardId, permission: 'READ' }]);
    const socket = open(work.env.oidcRouter, token, orgId);
    const subscription = await live(socket, boardId);
    const lowered = await work.admin(orgId)(
      'mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { __typename } }',
      { input: { memberId, role: 'MEMBER' } },
    );
    expectMember(lowered, 'updateMemberRole');
    await expectClosedForAccess(socket);
    await subscription.ended();
  });

  it('closes the socket with 4403 when the member is removed', async () => {
    const orgId = await work.organization('Removed');
    const boardId = await work.board(orgId);
    const { token, memberId } = await member(orgId, 'MEMBER', [{ boardId, permission: 'WRITE' }]);
    const socket = open(work.env.oidcRouter, token, orgId);
    const subscription = await live(socket, boardId);
    const removed = await work.admin(orgId)('mutation($id: ID!) { removeMember(memberId: $id) { __typename } }', {
      id: memberId,
    });
    expect(removed.data?.removeMember, JSON.stringify(removed)).toEqual({ __typename: 'DeletedRecord' });
    await expectClosedForAccess(socket);
    await subscription.ended();
  });
});
