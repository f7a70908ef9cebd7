/** Organizations: creation (the creator becomes owner), rename, deletion and reads scoped to the caller. */
import {
  badInput,
  conflict,
  type Identity,
  isUuid,
  notFound,
  parseId,
  parseSlug,
  requireText,
  requireUser,
  slugify,
} from '@mc/kit';
import type { MemberStore } from '../db/member-store.ts';
import type { OrganizationRow, OrganizationStore } from '../db/organization-store.ts';
import type { UserStore } from '../db/user-store.ts';
import type { AccessEvents } from './access-events.ts';
import type { AccessGuard } from './access-guard.ts';

export class OrganizationService {
  private readonly store: OrganizationStore;
  private readonly members: MemberStore;
  private readonly users: UserStore;
  private readonly guard: AccessGuard;
  private readonly events: AccessEvents;

  constructor(deps: {
    store: OrganizationStore;
    members: MemberStore;
    users: UserStore;
    guard: AccessGuard;
    events: AccessEvents;
  }) {
    this.store = deps.store;
    this.members = deps.members;
    this.users = deps.users;
    this.guard = deps.guard;
    this.events = deps.events;
  }

  async create(identity: Identity, input: { name: string; slug?: string | null }): Promise<OrganizationRow> {
    const user = requireUser(identity);
    const name = requireText(input.name, 'input.name', 120);
    const slug = input.slug ? parseSlug(input.slug, 'input.slug') : slugify(name);
    if (!slug) throw badInput('Choose a slug: the name has no usable characters', 'input.slug');
    if (!(await this.users.byIds([user.userId])).has(user.userId)) throw notFound('User', user.userId);
    const org = await this.store.create({ name, slug, ownerUserId: user.userId });
    if (!org) throw conflict(`The slug "${slug}" is already taken`, { field: 'input.slug' });
    await this.events.changed({ userId: user.userId });
    return org;
  }

  async update(identity: Identity, input: { id: string; name?: string | null; slug?: string | null }) {
    const orgId = parseId(input.id, 'input.id');
    await this.guard.require(identity, orgId, 'ADMIN');
    const patch: { name?: string; slug?: string } = {};
    if (input.name != null) patch.name = requireText(input.name, 'input.name', 120);
    if (input.slug != null) patch.slug = parseSlug(input.slug, 'input.slug');
    if (!patch.name && !patch.slug) return this.load(orgId);
    const org = await this.store.update(orgId, patch);
    if (!org) throw conflict(`The slug "${patch.slug}" is already taken`, { field: 'input.slug' });
    return org;
  }

  /** Deletes the organization and everything identity holds for it (owners only). */
  async delete(identity: Identity, id: string): Promise<{ id: string }> {
    const orgId = parseId(id);
    await this.guard.require(identity, orgId, 'OWNER');
    const { userIds, credentialIds } = await this.store.principalsOf(orgId);
    await this.store.delete(orgId);
    await this.events.changed(
      ...userIds.map((userId) => ({ userId })),
      ...credentialIds.map((credentialId) => ({ credentialId })),
    );
    return { id: orgId };
  }

  /** An organization the caller belongs to; any other id is NOT_FOUND. */
  async get(identity: Identity, id: string): Promise<OrganizationRow> {
    const orgId = parseId(id);
    const user = requireUser(identity);
    // Membership (any role) and the row in one statement; a miss reads the same either way.
    const org = (await this.store.byIdsForMember(user.userId, [orgId])).get(orgId);
    if (!org) throw notFound('Organization', orgId);
    return org;
  }

  async listMine(identity: Identity): Promise<OrganizationRow[]> {
    const user = requireUser(identity);
    const memberships = await this.members.membershipsOf(user.userId);
    const orgs = await this.store.byIds(memberships.map((m) => m.organizationId));
    return [...orgs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Batch load for entity references and nested fields: each id resolves to the organization when
   * the caller may see it (member, or the H5 user/agent/gateway acting in it), else NOT_FOUND.
   */
  async loadVisible(identity: Identity, ids: readonly string[]): Promise<(OrganizationRow | Error)[]> {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    let orgs: Map<string, OrganizationRow>;
    switch (identity.kind) {
      case 'system':
        orgs = await this.store.byIds(valid);
        break;
      case 'user':
        // Membership and organization in one statement.
        orgs = await this.store.byIdsForMember(identity.userId, valid);
        break;
      case 'h5':
      case 'agent':
      case 'gateway':
        orgs = await this.store.byIds(valid.filter((id) => id === identity.orgId));
        break;
      default:
        orgs = new Map();
    }
    return ids.map((id) => orgs.get(id.toLowerCase()) ?? notFound('Organization', id));
  }

  private async load(orgId: string): Promise<OrganizationRow> {
    const org = (await this.store.byIds([orgId])).get(orgId);
    if (!org) throw notFound('Organization', orgId);
    return org;
  }
}
