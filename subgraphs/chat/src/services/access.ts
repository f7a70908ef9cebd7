/** Who may see a chat session: its H5 user, its agent, and admins of its organization (support view). */
import { forbidden, type Identity, type OrgAccess, requireMember, roleAtLeast, unauthenticated } from '@mc/kit';
import type { AssignmentStore } from '../db/assignment-store.ts';
import type { SessionRow } from '../db/session-store.ts';
import { assignmentNotFound } from './errors.ts';

export type H5Caller = { h5UserId: string; orgId: string };
export type AgentCaller = { agentId: string; orgId: string };

export function requireH5(identity: Identity): H5Caller {
  if (identity.kind === 'anonymous') throw unauthenticated();
  if (identity.kind !== 'h5') throw forbidden('Only H5 users can do this');
  return { h5UserId: identity.h5UserId.toLowerCase(), orgId: identity.orgId.toLowerCase() };
}

export function requireAgent(identity: Identity): AgentCaller {
  if (identity.kind === 'anonymous') throw unauthenticated();
  if (identity.kind !== 'agent') throw forbidden('Only agents can do this');
  return { agentId: identity.agentId.toLowerCase(), orgId: identity.orgId.toLowerCase() };
}

/** Admins and owners of the organization the console user acts in. */
export function requireAdmin(identity: Identity): OrgAccess {
  return requireMember(identity, undefined, 'ADMIN');
}

/** The role a caller plays in a session, or null when the session is none of their business. */
export function sessionRole(identity: Identity, session: SessionRow): 'H5_USER' | 'AGENT' | 'ADMIN' | null {
  switch (identity.kind) {
    case 'h5':
      return identity.h5UserId.toLowerCase() === session.h5UserId &&
        identity.orgId.toLowerCase() === session.organizationId
        ? 'H5_USER'
        : null;
    case 'agent':
      return identity.agentId.toLowerCase() === session.agentId &&
        identity.orgId.toLowerCase() === session.organizationId
        ? 'AGENT'
        : null;
    case 'user':
      return identity.org !== null &&
        identity.org.id.toLowerCase() === session.organizationId &&
        roleAtLeast(identity.org.role, 'ADMIN')
        ? 'ADMIN'
        : null;
    default:
      return null;
  }
}

/** ASSIGNMENT_NOT_FOUND unless the session's H5 user is (still) assigned to its agent. */
export async function requireAssigned(assignments: AssignmentStore, session: SessionRow): Promise<void> {
  const assignment = await assignments.byPair(session.h5UserId, session.agentId);
  if (!assignment || assignment.organizationId !== session.organizationId) throw assignmentNotFound();
}
