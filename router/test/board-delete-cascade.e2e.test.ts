/**
 * Deleting a board through the router takes its access grants with it: work records
 * `work.boardDeleted`, identity consumes it (real processes, Redis streams) and deletes the grants
 * for that board only, so `members { boardGrants }` stops listing it and other grants stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql } from './support/processes.ts';
import { sharedStackWithOidc } from './support/shared-stack.ts';
import type { StackWithOidc } from './support/stack-with-oidc.ts';

const MEMBERS = 'query($id: ID!) { members(organizationId: $id) { id boardGrants { permission board { id } } } }';

describe('board delete cascade through the router', () => {
  let env: StackWithOidc;

  beforeAll(async () => {
    env = await sharedStackWithOidc();
  }, 180_000);

  afterAll(() => env?.stop());

  it("removes the deleted board's grants and keeps the others", async () => {
    const { stack, oidc, oidcRouter } = env;
    const owner = bearer(stack.env.LOCAL_AUTH_TOKEN);
    const org = await gql(
      stack.routerUrl,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
      { input: { name: 'Cascade Org', slug: `cascade-${Date.now()}` } },
      owner,
    );
    const orgId: string = org.body.data.createOrganization.id;
    const asOwner = bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
    const createBoard = async (name: string) => {
      const board = await gql(
        stack.routerUrl,
        'mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }',
        { input: { name, description: `${name} board` } },
        asOwner,
      );
      expect(board.body.errors).toBeUndefined();
      return board.body.data.createBoard.id as string;
    };
    const doomed = await createBoard('Doomed');
    const kept = await createBoard('Kept');

    // Cas signs in with OIDC, accepts an invite, and is granted both boards.
    const casToken = await oidc.sign({ sub: 'cas', email: 'cas@example.test', name: 'Cas' });
    const invite = await gql(
      stack.routerUrl,
      'mutation($input: CreateInviteInput!) { createInvite(input: $input) { ... on CreatedInvite { token } } }',
      { input: { organizationId: orgId, email: 'cas@example.test', role: 'MEMBER' } },
      asOwner,
    );
    const accepted = await gql(
      oidcRouter,
      'mutation($t: String!) { acceptInvite(token: $t) { __typename ... on Member { id } } }',
      { t: invite.body.data.createInvite.token },
      bearer(casToken),
    );
    expect(accepted.body.data.acceptInvite.__typename).toBe('Member');
    const memberId: string = accepted.body.data.acceptInvite.id;
    const set = await gql(
      stack.routerUrl,
      'mutation($input: SetMemberBoardAccessInput!) { setMemberBoardAccess(input: $input) { __typename } }',
      {
        input: {
          memberId,
          boards: [
            { boardId: doomed, permission: 'WRITE' },
            { boardId: kept, permission: 'READ' },
          ],
        },
      },
      asOwner,
    );
    expect(set.body.data.setMemberBoardAccess.__typename).toBe('Member');
    const asCas = bearer(casToken, orgId);
    const read = (id: string) => gql(oidcRouter, 'query($id: ID!) { board(id: $id) { name } }', { id }, asCas);
    expect((await read(doomed)).body.data?.board).toEqual({ name: 'Doomed' });

    const grantsOfCas = async () => {
      const members = await gql(stack.routerUrl, MEMBERS, { id: orgId }, asOwner);
      const cas = (members.body.data.members as { id: string; boardGrants: { board: { id: string } }[] }[]).find(
        (member) => member.id === memberId,
      );
      return cas?.boardGrants.map((grant) => grant.board.id).sort();
    };
    expect(await grantsOfCas()).toEqual([doomed, kept].sort());

    const deleted = await gql(
      stack.routerUrl,
      'mutation($id: ID!) { deleteBoard(id: $id) { __typename ... on DeleteBoardPayload { deletedBoardId } } }',
      { id: doomed },
      asOwner,
    );
    expect(deleted.body.data.deleteBoard).toEqual({ __typename: 'DeleteBoardPayload', deletedBoardId: doomed });

    await expect.poll(grantsOfCas, { timeout: 15_000, interval: 200 }).toEqual([kept]);
    // Cas still reads the board that was kept (the refreshed principal keeps that grant).
    expect((await read(kept)).body.data?.board).toEqual({ name: 'Kept' });
    expect((await read(doomed)).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
