/** Organizations: creation (the creator becomes owner) and reads scoped to the caller. */
import { conflict, type Identity, notFound, parseId, parseSlug, requireText, requireUser, slugify } from '@mc/kit';
import type { OrganizationRow, OrganizationStore } from '../db/organization-store.ts';

export class OrganizationService {
  private readonly store: OrganizationStore;

  constructor(store: OrganizationStore) {
    this.store = store;
  }

  async create(identity: Identity, input: { name: string; slug?: string | null }): Promise<OrganizationRow> {
    const user = requireUser(identity);
    const name = requireText(input.name, 'input.name', 120);
    const slug = input.slug ? parseSlug(input.slug, 'input.slug') : slugify(name);
    if (!slug) throw conflict('Choose a slug: the name has no usable characters', { ids: [] });
    if (await this.store.slugTaken(slug)) throw conflict(`The slug "${slug}" is already taken`);
    return this.store.create({ name, slug, ownerUserId: user.userId });
  }

  /** An organization the caller belongs to; any other id is NOT_FOUND. */
  async get(identity: Identity, id: string): Promise<OrganizationRow> {
    const user = requireUser(identity);
    const orgId = parseId(id);
    const membership = await this.store.membership(orgId, user.userId);
    const org = membership ? (await this.store.byIds([orgId])).get(orgId) : undefined;
    if (!org) throw notFound('Organization', orgId);
    return org;
  }

  async listMine(identity: Identity): Promise<OrganizationRow[]> {
    const user = requireUser(identity);
    const memberships = await this.store.membershipsOf(user.userId);
    const orgs = await this.store.byIds(memberships.map((m) => m.organizationId));
    return [...orgs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
