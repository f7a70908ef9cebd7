/**
 * GraphQL Code Generator configuration for the front ends (`admin/`, `h5/`): typed documents and the
 * persisted-operation manifests the router can enforce. It reads the public API schema
 * (`schema/api.graphql`, the supergraph without federation machinery and `@inaccessible` fields, kept
 * in step by `pnpm schema:print`), so clients can never type an internal field.
 *
 * `admin/scripts/codegen.ts` and `h5/scripts/codegen.ts` run `@graphql-codegen/cli` on their own output
 * (`pnpm codegen`, `pnpm codegen:check`). The root workspace does not depend on the codegen packages, so
 * this file declares the subset of their config type it uses instead of importing it.
 */

/** The subset of `@graphql-codegen/cli`'s `CodegenConfig` used here. */
interface CodegenConfig {
  schema: string | string[];
  documents?: string | string[];
  ignoreNoDocuments?: boolean;
  emitLegacyCommonJSImports?: boolean;
  generates: Record<
    string,
    {
      /** Documents of this output only: each front end gets the types and manifest of its own operations. */
      documents?: string | string[];
      preset?: 'client';
      presetConfig?: { persistedDocuments?: boolean | { hashAlgorithm?: 'sha256' }; fragmentMasking?: boolean };
      plugins?: string[];
      config?: Record<string, unknown>;
    }
  >;
}

const clientOutput = {
  preset: 'client',
  presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' }, fragmentMasking: false },
  config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
} as const;

const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'admin/app/graphql/generated/': {
      ...clientOutput,
      documents: ['admin/app/**/*.{ts,vue}', '!admin/app/graphql/generated/**'],
    },
    'h5/src/graphql/generated/': {
      ...clientOutput,
      // Documents as plain strings: the phone app sends text and must not ship graphql's printer.
      config: { ...clientOutput.config, documentMode: 'string' },
      documents: ['h5/src/**/*.{ts,vue}', '!h5/src/graphql/generated/**'],
    },
  },
};

export default config;
