/** The simulator's health, agents and workspace-file methods, answered like openclaw 2026.9.x. */
import type { MethodTable, SimulatorCore } from './types.ts';

export function agentMethods(core: SimulatorCore): MethodTable {
  const { state, options } = core;
  return {
    health: {
      required: [],
      optional: ['probe'],
      handle: () => ({
        ok: true,
        ts: Date.now(),
        durationMs: 1,
        defaultAgentId: 'main',
        agents: state
          .visibleAgents()
          .map((agent) => ({ agentId: agent.id, name: agent.name, isDefault: agent.id === 'main' })),
        sessions: { path: `${options.stateDir}/openclaw.sqlite`, count: state.sessions.size, recent: [] },
      }),
    },
    'agents.list': {
      required: [],
      optional: [],
      handle: () => ({
        defaultId: 'main',
        mainKey: 'main',
        scope: 'per-sender',
        agents: state.visibleAgents().map((agent) => ({
          id: agent.id,
          name: agent.name,
          identity: { name: agent.name },
          workspace: agent.workspace,
          workspaceGit: true,
          model: { primary: agent.model ?? state.config.agents?.defaults?.model?.primary },
          createdVia: 'operator',
          createdAt: agent.createdAt,
        })),
      }),
    },
    'agents.create': {
      required: ['name'],
      optional: ['workspace', 'model', 'emoji', 'avatar'],
      handle: (params) => {
        const agent = state.createAgent(params.name, params.workspace, params.model);
        core.broadcast('config.changed', { path: `${options.stateDir}/openclaw.json`, ts: Date.now() });
        return {
          ok: true,
          agentId: agent.id,
          name: agent.name,
          workspace: agent.workspace,
          ...(agent.model ? { model: agent.model } : {}),
        };
      },
    },
    'agents.update': {
      required: ['agentId'],
      optional: ['name', 'workspace', 'model', 'agentRuntime', 'emoji', 'avatar'],
      handle: (params) => ({ ok: true, agentId: state.updateAgent(params.agentId, params).id }),
    },
    'agents.delete': {
      required: ['agentId'],
      optional: ['deleteFiles'],
      handle: (params) => ({ ok: true, agentId: state.deleteAgent(params.agentId).id, removedBindings: 0 }),
    },
    'agents.files.list': {
      required: ['agentId'],
      optional: [],
      handle: (params) => {
        const agent = state.agent(params.agentId);
        return {
          agentId: agent.id,
          workspace: agent.workspace,
          // OpenClaw lists the core files without IDENTITY.md (it is managed through the agent's name).
          files: ['AGENTS.md', 'SOUL.md', 'USER.md', 'BOOTSTRAP.md', 'MEMORY.md'].map((name) =>
            state.fileEntry(agent, name, false),
          ),
        };
      },
    },
    'agents.files.get': {
      required: ['agentId', 'name'],
      optional: [],
      handle: (params) => {
        const agent = state.agent(params.agentId);
        return { agentId: agent.id, workspace: agent.workspace, file: state.fileEntry(agent, params.name, true) };
      },
    },
    'agents.files.set': {
      required: ['agentId', 'name', 'content'],
      optional: ['expectedHash'],
      handle: (params) => {
        const agent = state.agent(params.agentId);
        const file = state.writeFile(agent, params.name, params.content, params.expectedHash);
        return { ok: true, agentId: agent.id, workspace: agent.workspace, file };
      },
    },
  };
}
