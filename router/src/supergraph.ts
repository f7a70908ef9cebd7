/** Reads subgraph names and URLs from the static supergraph (its `join__Graph` enum). */
import { readFileSync } from 'node:fs';

export function supergraphUrls(path: string): Record<string, string> {
  const sdl = readFileSync(path, 'utf8');
  const urls: Record<string, string> = {};
  for (const match of sdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g)) {
    urls[match[1]] = match[2];
  }
  return urls;
}
