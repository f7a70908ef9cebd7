/**
 * The logic behind `schema:print` / `schema:check`: compose subgraph SDL into a supergraph, find the
 * generated files that drifted from the committed ones, and find breaking changes of the public API
 * schema that nobody acknowledged. Pure functions over strings, so they are tested on small SDLs.
 */
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { findBreakingChanges, findDangerousChanges, type GraphQLSchema, parse, printSchema } from 'graphql';

export interface SubgraphSource {
  name: string;
  /** Where the router reaches it by default (compose service name); overridden at run time. */
  url: string;
  sdl: string;
}

export type CompositionOutcome = { ok: true; supergraphSdl: string; hints: string[] } | { ok: false; errors: string[] };

/** Composes subgraph SDL with Apollo's composition (Federation 2), errors and hints as readable lines. */
export function composeSupergraph(subgraphs: SubgraphSource[]): CompositionOutcome {
  const result = composeServices(
    subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) })),
  );
  if (result.errors) {
    return { ok: false, errors: result.errors.map((error) => describeGraphQLError(error)) };
  }
  return {
    ok: true,
    supergraphSdl: ensureTrailingNewline(result.supergraphSdl),
    hints: result.hints.map((hint) => `[${hint.definition.code}] ${hint.message}`),
  };
}

function describeGraphQLError(error: { message: string; extensions?: Record<string, unknown> }): string {
  const code = error.extensions?.code;
  return code ? `[${String(code)}] ${error.message}` : error.message;
}

export function ensureTrailingNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The schema clients see: the supergraph without federation machinery and `@inaccessible` elements. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** The public API schema as SDL: what clients (and codegen) see. */
export function printApiSchema(supergraphSdl: string): string {
  return ensureTrailingNewline(printSchema(apiSchemaOf(supergraphSdl)));
}

/** The file names whose expected content differs from what is on disk (or that should not exist). */
export function driftedFiles(expected: Map<string, string>, actual: Map<string, string | undefined>): string[] {
  const drifted: string[] = [];
  for (const [file, content] of expected) {
    if (actual.get(file) !== content) drifted.push(file);
  }
  for (const [file, content] of actual) {
    if (content !== undefined && !expected.has(file)) drifted.push(file);
  }
  return drifted.sort();
}

/** One line per change, the same text the acknowledgement file must contain. */
export function changeLine(change: { type: string; description: string }): string {
  return `${change.type}: ${change.description}`;
}

export interface ApiChanges {
  breaking: string[];
  dangerous: string[];
}

/** Breaking and dangerous changes of the public API between two supergraphs. */
export function apiChanges(previousSupergraphSdl: string, nextSupergraphSdl: string): ApiChanges {
  const previous = apiSchemaOf(previousSupergraphSdl);
  const next = apiSchemaOf(nextSupergraphSdl);
  return {
    breaking: findBreakingChanges(previous, next).map(changeLine).sort(),
    dangerous: findDangerousChanges(previous, next).map(changeLine).sort(),
  };
}

/** Reads `schema/breaking-changes.ack`: one acknowledged change per line; `#` starts a comment line. */
export function parseAcknowledgements(text: string | undefined): Set<string> {
  const lines = (text ?? '').split('\n').map((line) => line.trim());
  return new Set(lines.filter((line) => line !== '' && !line.startsWith('#')));
}

export function unacknowledged(breaking: string[], acknowledged: Set<string>): string[] {
  return breaking.filter((line) => !acknowledged.has(line));
}
