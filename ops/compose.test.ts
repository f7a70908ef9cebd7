/**
 * compose.yml stays valid and in step with the subgraph list: `docker compose config` accepts it with
 * the documented env file, refuses it without the required secrets, and every subgraph module has its
 * service, its command and the router's URL variable.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { processEnv } from '@mc/kit';
import { describe, expect, it } from 'vitest';
import { subgraphs, subgraphUrlVar } from '../router/src/modules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const composeText = readFileSync(`${root}/compose.yml`, 'utf8');
const envExample = readFileSync(`${root}/.env.example`, 'utf8');

/** `docker compose` (v2 plugin) or `docker-compose` (v1), whichever this machine has; config needs no daemon. */
function composeCommand(): string[] | null {
  for (const candidate of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(candidate[0], [...candidate.slice(1), 'version'], { stdio: 'pipe' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

const compose = composeCommand();
const minimalEnv = { PATH: processEnv().PATH ?? '/usr/bin:/bin', HOME: processEnv().HOME ?? '/tmp' };

function runConfig(args: string[]) {
  const [command, ...prefix] = compose!;
  return spawnSync(command, [...prefix, ...args, '-f', 'compose.yml', 'config'], {
    cwd: root,
    env: minimalEnv,
    encoding: 'utf8',
  });
}

describe.skipIf(compose === null)('docker compose config', () => {
  it('accepts compose.yml with the documented .env.example', () => {
    const [command, ...prefix] = compose!;
    execFileSync(command, [...prefix, '--env-file', '.env.example', '-f', 'compose.yml', 'config', '-q'], {
      cwd: root,
      env: minimalEnv,
      stdio: 'pipe',
    });
  });

  it('refuses to render without the required secrets and says which one is missing', () => {
    const result = runConfig([]);
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/set (POSTGRES_PASSWORD|INTERNAL_SIGNING_SECRET|H5_JWT_SECRET)/);
  });

  it('renders the secrets into the services that need them, the same value everywhere', () => {
    const result = runConfig(['--env-file', '.env.example']);
    expect(result.status).toBe(0);
    const secret = /^INTERNAL_SIGNING_SECRET=(.+)$/m.exec(envExample)![1];
    const occurrences = result.stdout.split(`INTERNAL_SIGNING_SECRET: ${secret}`).length - 1;
    // identity, work, router and the migrate tool
    expect(occurrences).toBe(subgraphs.length + 2);
  });
});

describe('compose.yml and the subgraph list', () => {
  it.each(subgraphs.map((entry) => [entry.module.name, entry.port] as const))(
    'runs the %s subgraph as its own healthy service that the router reaches',
    (name, port) => {
      expect(composeText).toMatch(new RegExp(`^  ${name}:\\n`, 'm'));
      expect(composeText).toContain(`command: ["node", "subgraphs/${name}/src/server.ts"]`);
      expect(composeText).toContain(`PORT: "${port}"`);
      expect(composeText).toContain(`test: ["CMD", "node", "ops/docker/healthcheck.ts", "${port}"]`);
      expect(composeText).toContain(`${subgraphUrlVar(name)}: http://${name}:${port}/graphql`);
      expect(composeText).toMatch(new RegExp(`      ${name}:\\n        condition: service_healthy`));
    },
  );

  it('documents every variable compose.yml interpolates in .env.example', () => {
    const used = new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+)[:}]/g)].map((match) => match[1]));
    const documented = new Set([...envExample.matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });
});
