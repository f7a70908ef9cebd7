/**
 * `pnpm schema:print` writes each subgraph's SDL to `schema/subgraphs/<name>.graphql`, the composed
 * supergraph to `schema/supergraph.graphql` and its public API schema (what clients and codegen see)
 * to `schema/api.graphql`. `pnpm schema:check` (`--check`) regenerates them in memory
 * and fails when the committed files drifted from the code, or when the public API lost something
 * (a breaking change) compared with the committed supergraph (HEAD, and `SCHEMA_BASE_REF` when set)
 * that `schema/breaking-changes.ack` does not acknowledge.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSubgraphSchema } from '@apollo/subgraph';
import { subgraphs } from '../../router/src/modules.ts';
import { loadOpsEnv } from '../env.ts';
import {
  apiChanges,
  composeSupergraph,
  driftedFiles,
  ensureTrailingNewline,
  parseAcknowledgements,
  printApiSchema,
  type SubgraphSource,
  unacknowledged,
} from './schema-files.ts';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const schemaDir = join(root, 'schema');
const subgraphDir = join(schemaDir, 'subgraphs');
const supergraphFile = join(schemaDir, 'supergraph.graphql');
const apiFile = join(schemaDir, 'api.graphql');
const ackFile = join(schemaDir, 'breaking-changes.ack');
const SUPERGRAPH_REL = 'schema/supergraph.graphql';

const check = process.argv.includes('--check');
const env = loadOpsEnv();

const readIfExists = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
const rel = (file: string) => relative(root, file);

const sources: SubgraphSource[] = subgraphs.map(({ module, port }) => ({
  name: module.name,
  url: `http://${module.name}:${port}/graphql`,
  sdl: ensureTrailingNewline(printSubgraphSchema(module.schema)),
}));

const composed = composeSupergraph(sources);
if (!composed.ok) {
  console.error(`Composition failed (${composed.errors.length} error(s)):`);
  for (const error of composed.errors) console.error(`  - ${error}`);
  process.exit(1);
}
if (composed.hints.length > 0) {
  console.error(`Composition hints (${composed.hints.length}):`);
  for (const hint of composed.hints) console.error(`  - ${hint}`);
}

const expected = new Map<string, string>();
for (const source of sources) expected.set(join(subgraphDir, `${source.name}.graphql`), source.sdl);
expected.set(supergraphFile, composed.supergraphSdl);
expected.set(apiFile, printApiSchema(composed.supergraphSdl));

const actual = new Map<string, string | undefined>();
for (const file of expected.keys()) actual.set(file, readIfExists(file));
if (existsSync(subgraphDir)) {
  for (const entry of readdirSync(subgraphDir)) {
    const file = join(subgraphDir, entry);
    if (entry.endsWith('.graphql') && !actual.has(file)) actual.set(file, readFileSync(file, 'utf8'));
  }
}

/**
 * Supergraphs to compare the new one against: the committed one (HEAD), so regenerating the files
 * does not hide a breaking change from `--check`, and the base ref's when CI gives one.
 */
const baselines: { label: string; sdl: string }[] = [];
for (const ref of ['HEAD', env.SCHEMA_BASE_REF]) {
  if (!ref || baselines.some((baseline) => baseline.label.startsWith(`${ref}:`))) continue;
  const sdl = gitShow(ref, SUPERGRAPH_REL);
  if (sdl !== undefined) baselines.push({ label: `${ref}:${SUPERGRAPH_REL}`, sdl });
}

const acknowledged = parseAcknowledgements(readIfExists(ackFile));
const unacked = new Set<string>();
for (const baseline of baselines) {
  const changes = apiChanges(baseline.sdl, composed.supergraphSdl);
  for (const line of changes.dangerous) console.error(`  note (dangerous change vs ${baseline.label}): ${line}`);
  const missing = unacknowledged(changes.breaking, acknowledged).filter((line) => !unacked.has(line));
  if (missing.length > 0) {
    console.error(`Breaking changes of the public API vs ${baseline.label}:`);
    for (const line of missing) console.error(`  - ${line}`);
  }
  for (const line of missing) unacked.add(line);
}
const breakingReport =
  `\n${unacked.size} breaking change(s) are not acknowledged: clients of the public API would break.\n` +
  `If this is intended and reviewed, add these lines to ${rel(ackFile)}:\n\n` +
  [...unacked].map((line) => `${line}\n`).join('');

if (check) {
  if (unacked.size > 0) {
    console.error(breakingReport);
    process.exit(1);
  }
  const drifted = driftedFiles(expected, actual);
  if (drifted.length > 0) {
    console.error('The committed schema files differ from what the code generates:');
    for (const file of drifted) {
      const state = !expected.has(file) ? 'no such subgraph' : actual.get(file) === undefined ? 'missing' : 'changed';
      console.error(`  - ${rel(file)} (${state})`);
    }
    console.error('Run `pnpm schema:print` and commit the result.');
    process.exit(1);
  }
  console.log(`schema: ${expected.size} file(s) up to date, no unacknowledged breaking changes.`);
} else {
  mkdirSync(subgraphDir, { recursive: true });
  for (const [file, content] of expected) {
    if (actual.get(file) !== content) {
      writeFileSync(file, content);
      console.log(`wrote ${rel(file)}`);
    }
  }
  for (const [file, content] of actual) {
    if (content !== undefined && !expected.has(file)) {
      unlinkSync(file);
      console.log(`removed ${rel(file)} (no subgraph of that name)`);
    }
  }
  console.log(`schema: ${sources.length} subgraph(s) composed into ${SUPERGRAPH_REL}.`);
  // Written anyway so the change can be reviewed; `schema:check` (CI) fails until it is acknowledged.
  if (unacked.size > 0) console.error(breakingReport);
}
// The modules' schemas are plain objects; nothing holds the event loop, but be explicit for CI.
process.exit(0);

function gitShow(ref: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:${path}`], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch {
    // Not committed yet (first composition) or the ref is unknown here (shallow clone).
    if (ref !== 'HEAD') console.error(`  note: ${path} not found at ${ref}; no comparison with it.`);
    return undefined;
  }
}
