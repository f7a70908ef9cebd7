/**
 * Email invites: an admin captures role, flags and board grants; the random token is returned once
 * and stored as a sha256 hash; the signed-in person holding it becomes a member with those rights.
 */
import {
  badInput,
  type Clock,
  conflict,
  DomainError,
  ErrorCode,
  forbidden,
  type Identity,
  notFound,
  type OrgRole,
  parseId,
  requireUser,
} from '@mc/kit';
import type { InviteRow, InviteStore } from '../db/invite-store.ts';
import type { MemberRow } from '../db/member-store.ts';
import type { AccessEvents } from './access-events.ts';
import type { AccessGuard } from './access-guard.ts';
import { parseBoardGrants } from './board-grants.ts';
import { randomToken, sha256 } from './secrets.ts';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const INVITE_EXPIRED = 'INVITE_EXPIRED';
export const INVITE_USED = 'INVITE_USED';
export const INVITE_REVOKED = 'INVITE_REVOKED';

export interface CreateInviteInput {
  organizationId: string;
  email: string;
  role: OrgRole;
  allBoardsRead?: boolean | null;
  allBoardsWrite?: boolean | null;
  boards?: readonly { boardId: string; permission: 'READ' | 'WRITE' }[] | null;
}

export function parseEmail(value: string, field: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw badInput(`${field} is not a valid email address`, field);
  return email;
}

export class InviteService {
  private readonly store: InviteStore;
  private readonly guard: AccessGuard;
  private readonly events: AccessEvents;
  private readonly clock: Clock;

  constructor(deps: { store: InviteStore; guard: AccessGuard; events: AccessEvents; clock: Clock }) {
    this.store = deps.store;
    this.guard = deps.guard;
    this.events = deps.events;
    this.clock = deps.clock;
  }

  async create(identity: Identity, input: CreateInviteInput): Promise<{ invite: InviteRow; token: string }> {
    const { user, member } = await this.guard.requireById(
      identity,
      input.organizationId,
      'ADMIN',
      'input.organizationId',
    );
    if (input.role === 'OWNER' && member.role !== 'OWNER') throw forbidden('Only an owner can invite an owner');
    const email = parseEmail(input.email, 'input.email');
    const boards = parseBoardGrants(input.boards ?? [], 'input.boards');
    if (await this.store.emailIsMember(member.organizationId, email)) {
      throw conflict(`${email} is already a member`, { field: 'input.email' });
    }
    const token = randomToken();
    const invite = await this.store.create({
      organizationId: member.organizationId,
      email,
      role: input.role,
      allBoardsRead: input.allBoardsRead ?? false,
      allBoardsWrite: input.allBoardsWrite ?? false,
      boards,
      tokenHash: sha256(token),
      invitedByUserId: user.userId,
      expiresAt: new Date(this.clock.now().getTime() + INVITE_TTL_MS),
    });
    return { invite, token };
  }

  async listPending(identity: Identity, organizationId: string): Promise<InviteRow[]> {
    const { member } = await this.guard.requireById(identity, organizationId, 'ADMIN');
    return this.store.listPending(member.organizationId, this.clock.now());
  }

  async revoke(identity: Identity, rawId: string): Promise<InviteRow> {
    requireUser(identity);
    const id = parseId(rawId);
    const invite = (await this.store.byIds([id])).get(id);
    if (!invite) throw notFound('Invite', id);
    await this.guard.require(identity, invite.organizationId, 'ADMIN', { type: 'Invite', id });
    if (invite.acceptedAt) throw new DomainError(INVITE_USED, 'The invite was already accepted');
    return (await this.store.revoke(id, this.clock.now())) ?? invite;
  }

  async accept(identity: Identity, token: string): Promise<MemberRow> {
    const user = requireUser(identity);
    const invite = token.length > 0 && token.length < 200 ? await this.store.byTokenHash(sha256(token)) : undefined;
    if (!invite) throw new DomainError(ErrorCode.INVALID_TOKEN, 'Unknown invite token');
    if (invite.revokedAt) throw new DomainError(INVITE_REVOKED, 'The invite was revoked');
    if (invite.acceptedAt) throw new DomainError(INVITE_USED, 'The invite was already used');
    const now = this.clock.now();
    if (invite.expiresAt <= now) throw new DomainError(INVITE_EXPIRED, 'The invite has expired');
    const result = await this.store.accept(invite, user.userId, now);
    if (result === 'used') throw new DomainError(INVITE_USED, 'The invite was already used');
    if (result === 'member') throw conflict('You are already a member of this organization');
    await this.events.changed({ userId: user.userId });
    return result;
  }
}
