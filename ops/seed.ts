/**
 * Seeds demo data through the router's GraphQL API (never the database directly, so every rule
 * applies): an organization, a board group and a few boards. Re-running it skips what exists.
 * Uses ROUTER_URL and LOCAL_AUTH_TOKEN (the embedded mode prints and stores its token in DATA_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBoard, createBoardGroup, ensureOrganization } from './demo-data.ts';
import { loadOpsEnv } from './env.ts';

const env = loadOpsEnv();
const tokenFile = join(env.DATA_DIR, 'local-auth-token');
const token = env.LOCAL_AUTH_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
if (!token) {
  console.error(`seed: set LOCAL_AUTH_TOKEN (or start the embedded server once so ${tokenFile} exists)`);
  process.exit(1);
}
const session = { routerUrl: env.ROUTER_URL, token };

const organization = await ensureOrganization(session, { name: 'Demo Robotics', slug: 'demo-robotics' });
console.log(`${organization.created ? 'created' : 'found'} organization ${organization.name} (${organization.id})`);

const group = await createBoardGroup(session, organization.id, {
  name: 'Launch',
  description: 'Everything needed to ship the spring release',
});
console.log(`${group.created ? 'created' : 'found'} board group ${group.name}`);

const boards = [
  { name: 'Release checklist', description: 'Tasks that gate the release', kind: 'GENERAL' as const },
  { name: 'Docs refresh', description: 'Rewrite the getting-started guide', kind: 'GENERAL' as const },
  { name: 'Support triage', description: 'Inbound issues from customers', kind: 'GENERAL' as const },
];
for (const board of boards) {
  const created = await createBoard(session, organization.id, { ...board, groupId: group.id });
  console.log(created ? `created board ${created.name}` : `board ${board.name} exists`);
}
console.log(`seeded: use the header x-organization-id: ${organization.id}`);
