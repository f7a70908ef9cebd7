/**
 * Generates the phone app's typed documents and persisted-operation manifest from the root
 * `codegen.ts` (its `h5/` output only), or with `--check` fails when the committed files differ
 * from what the current schema and documents produce.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { preset as clientPreset } from '@graphql-codegen/client-preset';
import config from '../../codegen.ts';

const root = resolve(import.meta.dirname, '../..');
const OUTPUT = 'h5/src/graphql/generated/';
const check = process.argv.includes('--check');

process.chdir(root);
const output = config.generates[OUTPUT];
if (!output) throw new Error(`codegen.ts has no ${OUTPUT} output`);
// The preset is passed as a module: from the repository root its package name does not resolve.
const files = (await generate(
  { ...config, silent: true, generates: { [OUTPUT]: { ...output, preset: clientPreset } } } as never,
  !check,
)) as {
  filename: string;
  content: string;
}[];

if (check) {
  const stale = files.filter((file) => {
    try {
      return readFileSync(join(root, file.filename), 'utf8') !== file.content;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`h5 codegen: out of date (${stale.map((f) => f.filename).join(', ')}); run pnpm codegen`);
    process.exit(1);
  }
  console.log(`h5 codegen: ${files.length} files up to date`);
} else {
  console.log(`h5 codegen: wrote ${files.length} files under ${OUTPUT}`);
}
