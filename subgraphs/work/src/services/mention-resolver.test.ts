import { describe, expect, it } from 'vitest';
import { type DirectoryAgent, resolveMentions } from './mention-resolver.ts';

const BOARD = 'board-1';
const agent = (agentId: string, name: string, boardId: string | null = null): DirectoryAgent => ({
  agentId,
  name,
  boardId,
});

describe('resolveMentions', () => {
  const agents = [
    agent('ada', 'Ada Lovelace'),
    agent('grace', 'Grace Hopper'),
    agent('grace-2', 'Grace Kelly'),
    agent('alan', 'Alan Turing', 'other-board'),
    agent('alan-here', 'Alan Kay', BOARD),
    agent('zoe', 'Zoë  Müller'),
  ];
  const scope = { boardId: BOARD, leadAgentId: 'lead-agent', agents };

  it('resolves @lead to the board’s lead, and leaves it unresolved without one', () => {
    expect(resolveMentions(['lead', 'LEAD'], scope).map((m) => m.agentId)).toEqual(['lead-agent', 'lead-agent']);
    expect(resolveMentions(['lead'], { ...scope, leadAgentId: null })).toEqual([
      { token: 'lead', status: 'UNRESOLVED', agentId: null, candidateAgentIds: [] },
    ]);
  });

  it('resolves full names and first names, ignoring case and spacing', () => {
    expect(
      resolveMentions(['ada lovelace', 'ADA', 'Zoë Müller', 'zoë'], scope).map((m) => [m.status, m.agentId]),
    ).toEqual([
      ['RESOLVED', 'ada'],
      ['RESOLVED', 'ada'],
      ['RESOLVED', 'zoe'],
      ['RESOLVED', 'zoe'],
    ]);
  });

  it('reports an ambiguous first name with its candidates instead of guessing; a full name still resolves', () => {
    expect(resolveMentions(['Grace'], scope)).toEqual([
      { token: 'Grace', status: 'AMBIGUOUS', agentId: null, candidateAgentIds: ['grace', 'grace-2'] },
    ]);
    expect(resolveMentions(['Grace Kelly'], scope)[0]).toMatchObject({ status: 'RESOLVED', agentId: 'grace-2' });
  });

  it('prefers the agents of the comment’s board when a name matches several', () => {
    expect(resolveMentions(['Alan'], scope)[0]).toMatchObject({ status: 'RESOLVED', agentId: 'alan-here' });
    expect(resolveMentions(['Alan'], { ...scope, boardId: 'elsewhere' })[0]).toMatchObject({
      status: 'AMBIGUOUS',
      candidateAgentIds: ['alan', 'alan-here'],
    });
  });

  it('leaves unknown names unresolved', () => {
    expect(resolveMentions(['Nobody', 'Ada Byron'], scope).map((m) => m.status)).toEqual(['UNRESOLVED', 'UNRESOLVED']);
  });
});
