/** SQL for machine credentials (agent tokens, gateway credentials). */
import type { Database } from '@mc/kit';
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
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
    createdByUserId: string | null;
    expiresAt: Date | null;
  }): Promise<MachineCredentialRow> {
    const [row] = await this.db.insert(machineCredentials).values(input).returning();
    return row;
  }

  /** Creates a credential and, when `rotateAt` is given, revokes the subject's others in the same transaction. */
  async issue(
    input: Parameters<CredentialStore['create']>[0],
    rotateAt: Date | null,
  ): Promise<{ credential: MachineCredentialRow; revoked: MachineCredentialRow[] }> {
    return this.db.transaction(async (transaction) => {
      const store = new CredentialStore(transaction as unknown as Database);
      const credential = await store.create(input);
      const revoked = rotateAt ? await store.revokeSubject(input, rotateAt, credential.id) : [];
      return { credential, revoked };
    });
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

  /** Revokes every live credential of one agent or gateway (but `exceptId`); returns the revoked rows. */
  async revokeSubject(
    subject: { organizationId: string; kind: CredentialKindValue; subjectId: string },
    now: Date,
    exceptId?: string,
  ): Promise<MachineCredentialRow[]> {
    return this.db
      .update(machineCredentials)
      .set({ revokedAt: now })
      .where(
        and(
          eq(machineCredentials.organizationId, subject.organizationId),
          eq(machineCredentials.kind, subject.kind),
          eq(machineCredentials.subjectId, subject.subjectId),
          isNull(machineCredentials.revokedAt),
          exceptId ? ne(machineCredentials.id, exceptId) : undefined,
        ),
      )
      .returning();
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
