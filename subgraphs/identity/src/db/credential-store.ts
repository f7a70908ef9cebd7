/** SQL for machine credentials (agent tokens, gateway credentials). */
import type { Database } from '@mc/kit';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { machineCredentials } from './tables.ts';

export type MachineCredentialRow = typeof machineCredentials.$inferSelect;
export type CredentialKindValue = MachineCredentialRow['kind'];

export class CredentialStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async create(input: {
    organizationId: string;
    kind: CredentialKindValue;
    subjectId: string;
    name: string;
    tokenHash: string;
    createdByUserId: string;
    expiresAt: Date | null;
  }): Promise<MachineCredentialRow> {
    const [row] = await this.db.insert(machineCredentials).values(input).returning();
    return row;
  }

  async byId(id: string): Promise<MachineCredentialRow | undefined> {
    const [row] = await this.db.select().from(machineCredentials).where(eq(machineCredentials.id, id));
    return row;
  }

  async byTokenHash(tokenHash: string): Promise<MachineCredentialRow | undefined> {
    const [row] = await this.db.select().from(machineCredentials).where(eq(machineCredentials.tokenHash, tokenHash));
    return row;
  }

  async listByOrganization(organizationId: string, kind: CredentialKindValue | null): Promise<MachineCredentialRow[]> {
    return this.db
      .select()
      .from(machineCredentials)
      .where(
        and(
          eq(machineCredentials.organizationId, organizationId),
          kind ? eq(machineCredentials.kind, kind) : undefined,
        ),
      )
      .orderBy(asc(machineCredentials.createdAt), asc(machineCredentials.id));
  }

  async revoke(id: string, now: Date): Promise<MachineCredentialRow | undefined> {
    const [row] = await this.db
      .update(machineCredentials)
      .set({ revokedAt: now })
      .where(and(eq(machineCredentials.id, id), isNull(machineCredentials.revokedAt)))
      .returning();
    return row;
  }
}
