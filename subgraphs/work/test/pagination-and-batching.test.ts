import { DATABASE_KINDS, executeAs, startTestSubgraph, statementsOf, type TestSubgraph } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createGroup, makeOrg, type TestOrg } from './fixtures.ts';

const PAGE = `query($first: Int, $after: String) { boards(first: $first, after: $after) {
  edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

describe.each(DATABASE_KINDS)('lists and entities on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  /** Runs `fn` and returns the SQL statements it issued (not the kit's background loops'). */
  const statements = (fn: () => Promise<unknown>) => statementsOf(subgraph.runtime.database, fn);

  async function seed(org: TestOrg, count: number, groups: number): Promise<string[]> {
    const groupIds = [];
    for (let i = 0; i < groups; i += 1) groupIds.push((await createGroup(subgraph.instance, org.owner)).id);
    const ids = [];
    for (let i = 0; i < count; i += 1) {
      ids.push((await createBoard(subgraph.instance, org.owner, { groupId: groupIds[i % groups] })).id);
    }
    return ids;
  }

  it('pages through every board once, in creation order, without gaps or duplicates', async () => {
    const org = makeOrg();
    const created = await seed(org, 7, 1);
    await createBoard(subgraph.instance, makeOrg().owner); // another tenant's board never shows up
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result = await run(org.owner, PAGE, { first: 3, after });
      expect(result.errors).toBeUndefined();
      const page: {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      } = result.data?.boards;
      seen.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(created);

    const last = await run(org.owner, PAGE, { first: 7 });
    expect(last.data?.boards.pageInfo.hasNextPage).toBe(false);
    const past = await run(org.owner, PAGE, { first: 5, after: last.data?.boards.pageInfo.endCursor });
    expect(past.data?.boards).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });

    // A board created mid-way appears on a later page, and nothing already seen repeats.
    const first = await run(org.owner, PAGE, { first: 4 });
    const fresh = await createBoard(subgraph.instance, org.owner);
    const rest = await run(org.owner, PAGE, { first: 100, after: first.data?.boards.pageInfo.endCursor });
    expect(rest.data?.boards.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([
      ...created.slice(4),
      fresh.id,
    ]);
  });

  it('filters by group and lists through Organization.boards by key', async () => {
    const org = makeOrg();
    const group = await createGroup(subgraph.instance, org.owner);
    const inGroup = await createBoard(subgraph.instance, org.owner, { groupId: group.id });
    const loose = await createBoard(subgraph.instance, org.owner);
    const filtered = await run(org.owner, 'query($g: ID!) { boards(groupId: $g) { nodes { id } } }', { g: group.id });
    expect(filtered.data?.boards.nodes).toEqual([{ id: inGroup.id }]);

    const viaOrg = await run(
      org.owner,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization {
        boards(first: 10) { nodes { id organization { id } } } boardGroups { id } } } }`,
      { r: [{ __typename: 'Organization', id: org.id }] },
    );
    expect(viaOrg.errors).toBeUndefined();
    expect(viaOrg.data?._entities).toEqual([
      {
        boards: { nodes: [inGroup, loose].map((b) => ({ id: b.id, organization: { id: org.id } })) },
        boardGroups: [{ id: group.id }],
      },
    ]);
  });

  it('lists boards with their groups in a constant number of statements', async () => {
    const org = makeOrg();
    await seed(org, 3, 3);
    const query = '{ boards(first: 100) { nodes { id name group { name } } } }';
    const small = await statements(async () => {
      const result = await run(org.owner, query);
      expect(result.data?.boards.nodes).toHaveLength(3);
    });
    await seed(org, 27, 9);
    const large = await statements(async () => {
      const result = await run(org.owner, query);
      expect(result.data?.boards.nodes).toHaveLength(30);
      expect(result.data?.boards.nodes.every((node: { group: { name: string } | null }) => node.group?.name)).toBe(
        true,
      );
    });
    expect(small).toHaveLength(2); // one page query, one batched group lookup
    expect(large).toHaveLength(small.length);
  });

  it('shares one statement among concurrent first pages of an organization, each cut to its own length', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const ids = await seed(org, 5, 1);
    const otherIds = [(await createBoard(subgraph.instance, other.owner)).id];
    const reader = org.as('MEMBER', { boards: { [ids[1] as string]: 'read' } });
    const nodes = (result: Awaited<ReturnType<typeof run>>) => {
      expect(result.errors).toBeUndefined();
      return ((result.data?.boards.nodes ?? []) as { id: string }[]).map((node) => node.id);
    };
    const LIST = 'query($first: Int) { boards(first: $first) { nodes { id } pageInfo { hasNextPage } } }';
    let results: Awaited<ReturnType<typeof run>>[] = [];
    const sql = await statements(async () => {
      results = await Promise.all([
        run(org.owner, LIST, { first: 2 }),
        run(org.admin, LIST, { first: 5 }),
        run(org.as('MEMBER', { allBoardsRead: true }), LIST, { first: 3 }),
        run(other.owner, LIST, { first: 4 }),
        run(reader, LIST, { first: 5 }),
      ]);
    });
    const [two, five, three, otherOrg, restricted] = results as [(typeof results)[number], ...typeof results];
    expect(nodes(two)).toEqual(ids.slice(0, 2));
    expect(two.data?.boards.pageInfo.hasNextPage).toBe(true);
    expect(nodes(five)).toEqual(ids);
    expect(five.data?.boards.pageInfo.hasNextPage).toBe(false);
    expect(nodes(three)).toEqual(ids.slice(0, 3));
    expect(nodes(otherOrg)).toEqual(otherIds);
    // A caller limited to some boards never shares the organization's page: it reads only its own.
    expect(nodes(restricted)).toEqual([ids[1]]);
    expect(sql).toHaveLength(3); // one per organization for the callers who read all, one for the restricted one

    // Nothing is cached: a board created before the next read is in it.
    const fresh = await createBoard(subgraph.instance, org.owner);
    const [again] = await Promise.all([run(org.owner, LIST, { first: 10 }), run(org.admin, LIST, { first: 1 })]);
    expect(nodes(again as Awaited<ReturnType<typeof run>>)).toEqual([...ids, fresh.id]);
  });

  it('resolves many entity references with one statement per type, access-checked per item', async () => {
    const org = makeOrg();
    const boards = await seed(org, 12, 2);
    const reader = org.as('MEMBER', { boards: Object.fromEntries(boards.slice(0, 6).map((id) => [id, 'read'])) });
    const representations = boards.map((id) => ({ __typename: 'Board', id }));
    let result: Awaited<ReturnType<typeof run>> | undefined;
    const sql = await statements(async () => {
      result = await run(
        reader,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Board { id group { id } } } }',
        { r: representations },
      );
    });
    expect(sql).toHaveLength(2); // boards, then their groups
    const entities = result?.data?._entities as ({ id: string } | null)[];
    expect(entities.slice(0, 6).map((entity) => entity?.id)).toEqual(boards.slice(0, 6));
    expect(entities.slice(6)).toEqual(Array(6).fill(null));
    expect(codes(result ?? {})).toEqual(Array(6).fill('NOT_FOUND'));

    const groups = await run(org.owner, '{ boardGroups { id } }');
    const groupRefs = ((groups.data?.boardGroups ?? []) as { id: string }[]).map(({ id }) => ({
      __typename: 'BoardGroup',
      id,
    }));
    const groupSql = await statements(() =>
      run(org.member, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on BoardGroup { id name } } }', {
        r: groupRefs,
      }),
    );
    expect(groupSql).toHaveLength(1);
  });
});
