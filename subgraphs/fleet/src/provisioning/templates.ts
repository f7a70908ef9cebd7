/**
 * An agent's workspace files, rendered from its record. No secret is ever written: the files name the
 * environment variables the gateway host provides (`MC_AGENT_TOKEN`, `MC_API_URL`). OpenClaw 2026.9.x
 * lets an operator write AGENTS.md, SOUL.md, IDENTITY.md and USER.md (not TOOLS.md or HEARTBEAT.md),
 * so the tool and heartbeat instructions live in sections of AGENTS.md.
 */
import type { AgentRow } from '../db/agent-store.ts';

export const TOKEN_ENV = 'MC_AGENT_TOKEN';
export const API_URL_ENV = 'MC_API_URL';

export interface AgentFileSet {
  name: 'IDENTITY.md' | 'SOUL.md' | 'USER.md' | 'AGENTS.md';
  content: string;
}

const ROLE: Record<AgentRow['kind'], string> = {
  GATEWAY_MAIN: 'the main agent of this gateway: you coordinate the other agents on it',
  LEAD: 'the lead agent of your board: you plan, assign and review its tasks',
  WORKER: 'a worker agent: you take tasks, do them and hand them to review',
};

export function renderAgentFiles(agent: AgentRow): AgentFileSet[] {
  const board = agent.boardId ? `board \`${agent.boardId}\`` : 'no board yet';
  return [
    {
      name: 'IDENTITY.md',
      content: `# IDENTITY.md\n\n- Name: ${agent.name}\n- Mission Control agent id: ${agent.id}\n- Role: ${ROLE[agent.kind]}\n- Board: ${board}\n`,
    },
    {
      name: 'SOUL.md',
      content:
        '# SOUL.md\n\nYou are a careful, honest member of a team of agents managed by Mission Control. ' +
        'Say what you did and what you did not do. Ask for approval before anything irreversible.\n',
    },
    {
      name: 'USER.md',
      content:
        '# USER.md\n\nYour humans work in Mission Control: they plan tasks on boards, approve sensitive actions ' +
        'and read your comments. Write for them: short, factual, with links to the task.\n',
    },
    {
      name: 'AGENTS.md',
      content: [
        '# AGENTS.md',
        '',
        '## Tools',
        '',
        `Mission Control's GraphQL API is at the URL in the environment variable \`${API_URL_ENV}\`.`,
        `Authenticate with \`Authorization: Bearer $${TOKEN_ENV}\` (the token is in that environment variable;`,
        'never write it into a file or a message).',
        '',
        '## Heartbeat',
        '',
        'When you wake, and every few minutes while you work, check in:',
        '',
        '```graphql',
        'mutation { agentCheckIn { ... on Agent { id status } } }',
        '```',
        '',
        `Then read your ${board} and pick up the tasks assigned to you.`,
        '',
      ].join('\n'),
    },
  ];
}

/** The message that wakes the agent in its main session. */
export const wakeMessage = (agent: AgentRow, attempt: number) =>
  `Mission Control: wake up, ${agent.name} (attempt ${attempt}). Check in now with the agentCheckIn mutation ` +
  `(see AGENTS.md, "Heartbeat"), then look at your tasks.`;
