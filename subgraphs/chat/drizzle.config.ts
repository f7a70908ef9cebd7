import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/tables.ts',
  out: './drizzle',
  schemaFilter: ['chat'],
  migrations: { schema: 'mc_migrations', table: 'chat' },
});
