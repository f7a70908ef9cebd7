import { printSubgraphSchema } from '@apollo/subgraph';
import { subgraphs } from '../../router/src/modules.ts';
import { composeSupergraph } from './schema-files.ts';

const sources = subgraphs.map(({ module, port }) => ({
  name: module.name,
  url: `http://${module.name}:${port}/graphql`,
  sdl: printSubgraphSchema(module.schema),
}));
const composed = composeSupergraph(sources);
if (!composed.ok) console.log(composed.errors);
else console.log('OK', composed.hints);
if (process.argv.includes('--print')) console.log(sources.find((s) => s.name === 'identity')?.sdl);
