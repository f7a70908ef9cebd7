/**
 * Tenant isolation of every root field of work and governance, through the router: organization A
 * owns a group, board, tasks, tag, custom field, webhook, memory and a pending approval; the owner
 * of organization B (the same person acting in B) and an agent of B try every root field with A's
 * ids. Each attempt is refused (NOT_FOUND, or FORBIDDEN where the identity may not call it at all)
 * or answers only B's own data, no answer contains anything of A that the caller did not send, and
 * A's records are unchanged afterwards. The root fields are read from the committed subgraph SDL:
 * a new work or governance root field without a case in `support/isolation-cases.ts` fails the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CASES, type Ids, MARK } from './support/isolation-cases.ts';
import { ROOT } from './support/processes.ts';
import {
  type Agent,
  type Call,
  CREATE_APPROVAL,
  CREATE_TAG,
  EVENTUALLY,
  useSharedWorkStack,
} from './support/work-fixtures.ts';

/** Every root field (Query, Mutation, Subscription) a subgraph's committed SDL declares. */
function rootFields(subgraph: string): string[] {
  const document = parse(readFileSync(join(ROOT, 'schema/subgraphs', `${subgraph}.graphql`), 'utf8'));
  const fields: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (!['Query', 'Mutation', 'Subscription'].includes(definition.name.value)) continue;
    for (const field of definition.fields ?? []) fields.push(`${definition.name.value}.${field.name.value}`);
  }
  return fields;
}

/** Codes that refuse without telling anything about A (an agent may be refused for its role first). */
const REFUSALS = new Set(['NOT_FOUND', 'FORBIDDEN', 'FIELD_FORBIDDEN', 'BAD_USER_INPUT']);

/** The refusal code of a response: a thrown error's, or the DomainError the field answered. */
function refusal(body: any, name: string): string | undefined {
  return body.errors?.[0]?.extensions?.code ?? body.data?.[name]?.code;
}

/** Whether the field's data is an empty list or connection. */
function isEmpty(value: any): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return Array.isArray(value?.nodes) && value.nodes.length === 0;
}

describe('tenant isolation of work and governance through the router', { timeout: 120_000 }, () => {
  const work = useSharedWorkStack();

  const declared = new Set([...rootFields('work'), ...rootFields('governance')]);

  it('every root field of work and governance has a case', () => {
    const covered = new Set(CASES.map((entry) => entry.field));
    expect([...declared].filter((field) => !covered.has(field))).toEqual([]);
  });

  it("another organization's owner and agent get NOT_FOUND/FORBIDDEN or their own data, and A is unchanged", async () => {
    // Organization A, with one of everything, every name marked.
    const orgA = await work.organization('Alpha');
    const a = work.admin(orgA);
    const group = (
      await a(`mutation { createBoardGroup(input: { name: "${MARK} group" }) { ... on BoardGroup { id } } }`)
    ).data.createBoardGroup.id;
    const board = await work.board(orgA, { name: `${MARK} board`, description: `${MARK} plans`, groupId: group });
    const task = await work.task(orgA, board, { title: `${MARK} task` });
    const other = await work.task(orgA, board, { title: `${MARK} other` });
    const tag = (await a(CREATE_TAG, { input: { name: `${MARK} tag`, color: '#aa0000' } })).data.createTag.id;
    await a('mutation($id: ID!, $t: [ID!]!) { attachTaskTags(taskId: $id, tagIds: $t) { __typename } }', {
      id: task,
      t: [tag],
    });
    const field = (
      await a(
        `mutation { createCustomField(input: { key: "alpha", label: "${MARK} field", type: TEXT }) { ... on CustomField { id } } }`,
      )
    ).data.createCustomField.id;
    await a('mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }', {
      f: field,
      b: board,
    });
    await a(
      `mutation($id: ID!) { setTaskCustomFieldValues(taskId: $id, values: [{ key: "alpha", value: "${MARK} value" }]) { __typename } }`,
      { id: task },
    );
    const webhook = (
      await a(
        `mutation($b: ID!) { createBoardWebhook(boardId: $b, input: { name: "${MARK} hook", requireSignature: true }) {
          ... on BoardWebhookWithSecret { webhook { id } } } }`,
        { b: board },
      )
    ).data.createBoardWebhook.webhook.id;
    await a(`mutation($b: ID!) { addBoardMemory(boardId: $b, kind: NOTE, body: "${MARK} note") { __typename } }`, {
      b: board,
    });
    await a(
      `mutation($g: ID!) { addBoardGroupMemory(boardGroupId: $g, kind: CHAT, body: "${MARK} chat") { __typename } }`,
      { g: group },
    );
    const approval = (
      await a(CREATE_APPROVAL, {
        input: { boardId: board, taskIds: [task], actionType: 'task.done', confidence: 90, reasoning: `${MARK} why` },
      })
    ).data.createApproval.id;
    // Governance knows A's board (from work's events) before B probes it.
    await expect
      .poll(
        async () =>
          (
            await a(
              'query($b: ID!) { activity(filter: { boardId: $b, types: ["work.boardCreated"] }) { nodes { id } } }',
              {
                b: board,
              },
            )
          ).data?.activity.nodes.length,
        EVENTUALLY,
      )
      .toBe(1);

    // Organization B: its owner (the same person, acting in B) and an agent of B.
    const orgB = await work.organization('Bravo');
    const bBoard = await work.board(orgB, { name: 'Bravo board' });
    const bTask = await work.task(orgB, bBoard, { title: 'Bravo task' });
    const bField = (
      await work.admin(orgB)(
        'mutation { createCustomField(input: { key: "bravo", label: "Bravo", type: TEXT }) { ... on CustomField { id } } }',
      )
    ).data.createCustomField.id;
    const ids: Ids = { org: orgA, group, board, task, other, tag, field, webhook, approval, bBoard, bTask, bField };
    const aIds = [orgA, group, board, task, other, tag, field, webhook, approval];
    const owner: Call = work.admin(orgB);
    const agent: Agent = await work.agent(orgB);

    const failures: string[] = [];
    // A case for a field the committed SDL does not declare (yet, or any more) is not run.
    for (const entry of CASES.filter((candidate) => declared.has(candidate.field))) {
      const [operation, name] = entry.field.split('.');
      const variables = entry.variables(ids);
      const sent = JSON.stringify(variables);
      for (const [who, call, credentials] of [
        ['owner', owner, { token: work.env.stack.env.LOCAL_AUTH_TOKEN, orgId: orgB }],
        ['agent', agent.call, { token: agent.token }],
      ] as const) {
        if (operation === 'Subscription') {
          const answer = await work.subscribeOnce(credentials, entry.query, variables);
          const text = JSON.stringify(answer);
          const label = `${who} ${entry.field}(${sent})`;
          if (text.includes(MARK) || aIds.some((id) => text.includes(id) && !sent.includes(id))) {
            failures.push(`${label} leaked: ${text}`);
          }
          const code = answer.kind === 'error' ? answer.code : undefined;
          const own = (answer.kind === 'next' && !answer.errors) || answer.kind === 'silent';
          const ok =
            who === 'owner'
              ? entry.owner === 'OWN'
                ? own
                : code === entry.owner
              : (code !== undefined && REFUSALS.has(code)) || (entry.owner === 'OWN' && own);
          if (!ok) failures.push(`${label} expected a refusal (${entry.owner} for the owner): ${text}`);
          continue;
        }
        const body = await call(entry.query, variables);
        const text = JSON.stringify(body);
        const label = `${who} ${entry.field}(${sent})`;
        const leaked = aIds.filter((id) => text.includes(id) && !sent.includes(id));
        if (text.includes(MARK) || leaked.length > 0) failures.push(`${label} leaked: ${text}`);
        const code = refusal(body, name);
        const data = body.data?.[name];
        if (entry.owner === 'UNREACHABLE') {
          if (code !== 'GRAPHQL_VALIDATION_FAILED') failures.push(`${label} reached the subgraph: ${text}`);
          continue;
        }
        if (who === 'owner') {
          const ok =
            entry.owner === 'EMPTY'
              ? !body.errors && isEmpty(data)
              : entry.owner === 'OWN'
                ? !body.errors && !data?.code
                : code === entry.owner;
          if (!ok) failures.push(`${label} expected ${entry.owner}: ${text}`);
        } else {
          // An agent of B: refused, or B's own (empty) data — never A's.
          const ok = (code !== undefined && REFUSALS.has(code)) || (!body.errors && !data?.code);
          if (!ok) failures.push(`${label} expected a refusal: ${text}`);
        }
        if (data?.organization?.id !== undefined && data.organization.id !== orgB) {
          failures.push(`${label} created outside B: ${text}`);
        }
      }
    }
    expect(failures).toEqual([]);

    // Nothing of A changed.
    const state = await a(
      `query($b: ID!, $t: ID!, $g: ID!, $ap: ID!) {
        board(id: $b) { name description group { id } customFields { id } webhooks { id name enabled }
          memory { nodes { body } } tasks { nodes { id } } }
        task(id: $t) { title status version tags { id name } customFields { value } comments { nodes { id } } dependencies { id } }
        boardGroup(id: $g) { name memory { nodes { body } } }
        approval(id: $ap) { status }
        tags { id name }
        customFields { id label }
      }`,
      { b: board, t: task, g: group, ap: approval },
    );
    expect(state.errors).toBeUndefined();
    expect(state.data).toEqual({
      board: {
        name: `${MARK} board`,
        description: `${MARK} plans`,
        group: { id: group },
        customFields: [{ id: field }],
        webhooks: [{ id: webhook, name: `${MARK} hook`, enabled: true }],
        memory: { nodes: [{ body: `${MARK} note` }] },
        tasks: { nodes: [{ id: task }, { id: other }] },
      },
      task: {
        title: `${MARK} task`,
        status: 'INBOX',
        version: 3, // created, tagged (a tag change bumps the version), custom field set
        tags: [{ id: tag, name: `${MARK} tag` }],
        customFields: [{ value: `${MARK} value` }],
        comments: { nodes: [] },
        dependencies: [],
      },
      boardGroup: { name: `${MARK} group`, memory: { nodes: [{ body: `${MARK} chat` }] } },
      approval: { status: 'PENDING' },
      tags: [{ id: tag, name: `${MARK} tag` }],
      customFields: [{ id: field, label: `${MARK} field` }],
    });
  });
});
