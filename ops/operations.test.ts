/**
 * The operations the ops scripts send (seed, benchmark) stay valid against the committed schemas, so a
 * renamed mutation or field fails here rather than in a deployment's seed step.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, type GraphQLSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DIRECT_QUERY, ROUTER_QUERY, VIEWER_QUERY } from './bench/queries.ts';
import { BOARD_GROUPS, CREATE_BOARD, CREATE_BOARD_GROUP, CREATE_ORGANIZATION, MY_ORGANIZATIONS } from './demo-data.ts';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');

function errorsOf(schema: GraphQLSchema, document: string): string[] {
  return validate(schema, parse(document)).map((error) => error.message);
}

describe('ops operations', () => {
  const api = buildSchema(read('schema/api.graphql'));

  it.each([
    ['createOrganization', CREATE_ORGANIZATION],
    ['createBoardGroup', CREATE_BOARD_GROUP],
    ['createBoard', CREATE_BOARD],
    ['organizations', MY_ORGANIZATIONS],
    ['boardGroups', BOARD_GROUPS],
    ['bench through the router', ROUTER_QUERY],
    ['bench viewer', VIEWER_QUERY],
  ])('%s is valid against the public API schema', (_name, document) => {
    expect(errorsOf(api, document)).toEqual([]);
  });

  it('the direct benchmark query is valid against the work subgraph alone', () => {
    const work = buildSubgraphSchema(parse(read('schema/subgraphs/work.graphql')));
    expect(errorsOf(work, DIRECT_QUERY)).toEqual([]);
  });

  it('catches a document the schema does not have', () => {
    expect(errorsOf(api, '{ organizations { noSuchField } }')).not.toEqual([]);
  });
});
