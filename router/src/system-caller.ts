/** Calls a subgraph's internal (inaccessible) fields directly, as the router's `system` identity. */
import { IDENTITY_HEADER, signIdentity } from '@mc/kit';

export class SystemCaller {
  private readonly secret: string;
  private token: { value: string; expiresAt: number } | null = null;

  constructor(secret: string) {
    this.secret = secret;
  }

  async call<T>(url: string, query: string, variables: Record<string, unknown>, timeoutMs = 5_000): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await this.identity() },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
    if (!response.ok || !body?.data || body.errors?.length) {
      throw new Error(body?.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`);
    }
    return body.data;
  }

  private async identity(): Promise<string> {
    const now = Date.now();
    if (this.token && this.token.expiresAt > now + 5_000) return this.token.value;
    const value = await signIdentity(this.secret, { kind: 'system', service: 'router' });
    this.token = { value, expiresAt: now + 60_000 };
    return value;
  }
}
