/**
 * Machine credentials for fleet's gateways and agents, issued and revoked by identity (the one place
 * that stores and verifies them) through its internal, system-only fields. Fleet signs a short-lived
 * `system{service: 'fleet'}` identity exactly as the router does.
 */
import { DomainError, IDENTITY_HEADER, signIdentity } from '@mc/kit';

export type MachineKind = 'AGENT' | 'GATEWAY';

export interface MachineSubject {
  organizationId: string;
  kind: MachineKind;
  subjectId: string;
}

export interface IssuedCredential {
  credentialId: string;
  token: string;
  revokedIds: string[];
}

/** The port fleet's services depend on. */
export interface CredentialIssuer {
  /** Issues a new credential; `rotate` revokes the subject's others in the same transaction. */
  issue(subject: MachineSubject & { name: string; rotate: boolean }): Promise<IssuedCredential>;
  /** Revokes every live credential of the subject; returns their ids. */
  revokeAll(subject: MachineSubject): Promise<string[]>;
}

const ISSUE = `mutation Issue($input: _IssueMachineCredentialInput!) {
  _issueMachineCredential(input: $input) { credentialId token revokedIds }
}`;

const REVOKE = `mutation Revoke($input: _RevokeMachineCredentialsInput!) {
  _revokeMachineCredentials(input: $input)
}`;

export const identityUnavailable = () =>
  new DomainError('SERVICE_UNAVAILABLE', 'The credential service is unavailable; try again', { retryAfterSeconds: 5 });

export class IdentityCredentials implements CredentialIssuer {
  private readonly url: string;
  private readonly secret: string | undefined;
  private readonly timeoutMs: number;
  private signed: { value: string; expiresAt: number } | null = null;

  constructor(options: { url: string; secret: string | undefined; timeoutMs?: number }) {
    this.url = options.url;
    this.secret = options.secret;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async issue(subject: MachineSubject & { name: string; rotate: boolean }): Promise<IssuedCredential> {
    const data = await this.call<{ _issueMachineCredential: IssuedCredential }>(ISSUE, { input: subject });
    return data._issueMachineCredential;
  }

  async revokeAll(subject: MachineSubject): Promise<string[]> {
    const data = await this.call<{ _revokeMachineCredentials: string[] }>(REVOKE, { input: subject });
    return data._revokeMachineCredentials;
  }

  private async call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await this.identity() },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw identityUnavailable();
    }
    const body = (await response.json().catch(() => null)) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    } | null;
    const error = body?.errors?.[0];
    if (error?.extensions?.code === 'NOT_FOUND') throw new DomainError('NOT_FOUND', error.message);
    if (!response.ok || !body?.data || error) throw identityUnavailable();
    return body.data;
  }

  private async identity(): Promise<string> {
    if (!this.secret) throw identityUnavailable();
    const now = Date.now();
    if (this.signed && this.signed.expiresAt > now + 5_000) return this.signed.value;
    const value = await signIdentity(this.secret, { kind: 'system', service: 'fleet' });
    this.signed = { value, expiresAt: now + 60_000 };
    return value;
  }
}
