/**
 * What pickers choose from: every gateway, board or agent of the organization by name, 100 a page
 * (the API's largest), following the cursors on demand. One list serves every picker of a page that
 * chooses from the same kind (a team's member pickers, an H5 user's agent pickers).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Connection } from '~/composables/paged';
import { graphql } from '~/graphql/generated';

const PickGatewaysDocument = graphql(`
  query ConsolePickGateways($after: String) {
    gateways(first: 100, after: $after) {
      nodes {
        id
        name
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PickBoardsDocument = graphql(`
  query ConsolePickBoards($after: String) {
    boards(first: 100, after: $after) {
      nodes {
        id
        name
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PickAgentsDocument = graphql(`
  query ConsolePickAgents($after: String) {
    agents(first: 100, after: $after) {
      nodes {
        id
        name
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export interface PickChoice {
  id: string;
  name: string;
}
export type PickSource = 'gateways' | 'boards' | 'agents';
type Source = {
  query: TypedDocumentNode<unknown, { after?: string | null }>;
  connection: (data: never) => Connection<PickChoice>;
};

const SOURCES: Record<PickSource, Source> = {
  gateways: {
    query: PickGatewaysDocument as never,
    connection: (data: { gateways: Connection<PickChoice> }) => data.gateways,
  } as Source,
  boards: {
    query: PickBoardsDocument as never,
    connection: (data: { boards: Connection<PickChoice> }) => data.boards,
  } as Source,
  agents: {
    query: PickAgentsDocument as never,
    connection: (data: { agents: Connection<PickChoice> }) => data.agents,
  } as Source,
};

export function usePickList(source: PickSource) {
  const { query, connection } = SOURCES[source];
  return usePagedQuery({
    query,
    variables: () => ({}),
    connection: connection as (data: unknown) => Connection<PickChoice>,
  });
}

export type PickList = ReturnType<typeof usePickList>;
