/** `CommentMention`: an @mention of a comment as resolved when the comment was written, and fleet's `Agent` it names. */
import { builder } from '../builder.ts';
import type { ResolvedMention } from '../db/tables.ts';

/** Fleet's agent, referenced by key only (work cannot resolve it; the router asks fleet). */
const AgentRef = builder
  .externalRef('Agent', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({ externalFields: (t) => ({ id: t.id() }) });

const MentionStatusEnum = builder.enumType('MentionStatus', {
  values: {
    RESOLVED: { description: 'The token named exactly one agent (or `@lead` a board with a lead)' },
    UNRESOLVED: { description: 'No agent of the organization had that name when the comment was written' },
    AMBIGUOUS: { description: 'Several agents matched (a shared first name): see `candidateAgentIds`' },
  } as const,
});

export const CommentMentionRef = builder.objectRef<ResolvedMention>('CommentMention').implement({
  description: 'An @mention of a comment (`@lead`, `@First`, `@"Full Name"`) and the agent it meant when written',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'As written, without the @ and quotes' }),
    status: t.field({ type: MentionStatusEnum, resolve: (mention) => mention.status }),
    agentId: t.exposeID('agentId', { nullable: true }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      resolve: (mention) => (mention.agentId ? { id: mention.agentId } : null),
    }),
    candidateAgentIds: t.exposeIDList('candidateAgentIds', { description: 'For AMBIGUOUS: the agents it could mean' }),
  }),
});
