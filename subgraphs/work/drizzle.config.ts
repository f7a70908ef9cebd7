import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/tables.ts',
  out: './drizzle',
  schemaFilter: ['work'],
  migrations: { schema: 'mc_migrations', table: 'work' },
});
