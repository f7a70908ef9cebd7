/** H5 users as seen by themselves (profile) and by organization admins (list, suspend, reactivate). */
import {
  badInput,
  type Clock,
  DomainError,
  forbidden,
  type Identity,
  isUuid,
  notFound,
  parseId,
  requireText,
  requireUser,
  unauthenticated,
} from '@mc/kit';
import type { H5Store, H5UserRow } from '../db/h5-store.ts';
import type { AccessEvents } from './access-events.ts';
import type { AccessGuard } from './access-guard.ts';
import { INVALID_CREDENTIALS, suspended } from './h5-auth-service.ts';
import { type PasswordHasher, parsePassword } from './passwords.ts';

export const H5_PAGE_DEFAULT = 50;
export const H5_PAGE_MAX = 200;

export interface H5UserPage {
  nodes: H5UserRow[];
  hasNextPage: boolean;
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw badInput('after is not a valid cursor', 'after');
  return { createdAt, id: parseId(id, 'after') };
}

export class H5UserService {
  private readonly store: H5Store;
  private readonly guard: AccessGuard;
  private readonly passwords: PasswordHasher;
  private readonly events: AccessEvents;
  private readonly clock: Clock;

  constructor(deps: {
    store: H5Store;
    guard: AccessGuard;
    passwords: PasswordHasher;
    events: AccessEvents;
    clock: Clock;
  }) {
    this.store = deps.store;
    this.guard = deps.guard;
    this.passwords = deps.passwords;
    this.events = deps.events;
    this.clock = deps.clock;
  }

  async me(identity: Identity): Promise<H5UserRow> {
    if (identity.kind === 'anonymous') throw unauthenticated();
    if (identity.kind !== 'h5') throw forbidden('Only H5 users have an H5 profile');
    const user = (await this.store.usersByIds([identity.h5UserId])).get(identity.h5UserId);
    if (!user || user.organizationId !== identity.orgId) throw unauthenticated('Unknown H5 user');
    return user;
  }

  async list(
    identity: Identity,
    organizationId: string,
    page: { first?: number | null; after?: string | null },
  ): Promise<H5UserPage> {
    const { member } = await this.guard.requireById(identity, organizationId, 'ADMIN');
    const first = page.first ?? H5_PAGE_DEFAULT;
    if (first < 1 || first > H5_PAGE_MAX) throw badInput(`first must be between 1 and ${H5_PAGE_MAX}`, 'first');
    const after = page.after ? decodeCursor(page.after) : null;
    const rows = await this.store.listUsers(member.organizationId, after, first + 1);
    return { nodes: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /**
   * H5 users by id for the `H5User` entity (other subgraphs' references), in one statement: a user
   * is visible to admins and owners of its organization only; anything else is NOT_FOUND, exactly
   * as for an id that does not exist.
   */
  async loadVisible(identity: Identity, ids: readonly string[]): Promise<(H5UserRow | Error)[]> {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const users = identity.kind === 'user' ? await this.store.usersByIdsForAdmin(identity.userId, valid) : new Map();
    return ids.map((id) => users.get(id.toLowerCase()) ?? notFound('H5 user', id));
  }

  async setSuspended(identity: Identity, rawId: string, suspend: boolean): Promise<H5UserRow> {
    requireUser(identity);
    const id = parseId(rawId);
    const user = (await this.store.usersByIds([id])).get(id);
    if (!user) throw notFound('H5 user', id);
    await this.guard.require(identity, user.organizationId, 'ADMIN', { type: 'H5 user', id });
    const now = this.clock.now();
    const updated = await this.store.updateUser(id, { suspendedAt: suspend ? (user.suspendedAt ?? now) : null }, now);
    if (suspend) await this.store.revokeAllOfUser(id, now);
    await this.events.changed({ h5UserId: id });
    return updated;
  }

  /** Changes the caller's display name and/or password; a new password signs out every session. */
  async updateProfile(
    identity: Identity,
    input: { displayName?: string | null; currentPassword?: string | null; newPassword?: string | null },
  ): Promise<H5UserRow> {
    const user = await this.me(identity);
    if (user.suspendedAt) throw suspended();
    const patch: { displayName?: string; passwordHash?: string } = {};
    if (input.displayName != null) patch.displayName = requireText(input.displayName, 'input.displayName', 80);
    if (input.newPassword != null) {
      const next = parsePassword(input.newPassword, 'input.newPassword');
      if (!(await this.passwords.verify(user.passwordHash, input.currentPassword ?? ''))) {
        throw new DomainError(INVALID_CREDENTIALS, 'The current password is wrong', { field: 'input.currentPassword' });
      }
      patch.passwordHash = await this.passwords.hash(next);
    }
    if (Object.keys(patch).length === 0) return user;
    const now = this.clock.now();
    const updated = await this.store.updateUser(user.id, patch, now);
    if (patch.passwordHash) {
      await this.store.revokeAllOfUser(user.id, now);
      await this.events.changed({ h5UserId: user.id });
    }
    return updated;
  }
}
