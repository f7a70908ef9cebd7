/** The sign-in settings the router serves at `/console/config` (auth mode, OIDC issuer and client). */
export interface ConsoleConfig {
  authMode: 'local' | 'oidc';
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

let cached: Promise<ConsoleConfig> | null = null;

export function loadConsoleConfig(): Promise<ConsoleConfig> {
  cached ??= fetch('/console/config', { headers: { accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`config ${response.status}`);
      return (await response.json()) as ConsoleConfig;
    })
    .catch((error) => {
      cached = null;
      throw error;
    });
  return cached;
}
