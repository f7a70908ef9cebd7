/**
 * The fixture supergraph: the real identity subgraph with the `feed` and `people` fixtures, composed
 * at run time as `ops/schema/compose.ts` composes the real subgraphs (tests and the subscription
 * benchmark plan from it).
 */
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { identityModule } from '@mc/identity';
import { parse } from 'graphql';
import { feedModule } from './feed.ts';
import { peopleModule } from './people.ts';

/** identity + feed + people, composed as `ops/schema/compose.ts` composes the real subgraphs. */
export function composeFixtureSupergraph(): string {
  const result = composeServices(
    [identityModule, feedModule, peopleModule].map((module) => ({
      name: module.name,
      url: `http://${module.name}:4000/graphql`,
      typeDefs: parse(printSubgraphSchema(module.schema)),
    })),
  );
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl;
}
