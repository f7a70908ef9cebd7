/** The router refuses to start with weak or missing secrets. */
import { describe, expect, it } from 'vitest';
import { checkLocalToken, loadRouterEnv, subgraphUrlOverrides } from '../src/env.ts';

const base = { INTERNAL_SIGNING_SECRET: 'k'.repeat(20) + 'z'.repeat(20) };
const good = 'mc_local_Q3vN8kW1pZr6YtB0xLsD4hFjG7uMa2cE9oViKyT5wHnRqXe';

describe('router configuration', () => {
  it('accepts a long random local token', () => {
    expect(checkLocalToken(good)).toBe(good);
    expect(loadRouterEnv({ ...base, LOCAL_AUTH_TOKEN: good }).AUTH_MODE).toBe('local');
  });

  it.each([
    ['missing', undefined, /required/],
    ['short', 'abcDEF123', /at least 50/],
    ['placeholder', `change-me-${'abcdefghij'.repeat(5)}`, /placeholder/],
    ['repeated', 'a'.repeat(60), /placeholder/],
    ['low variety', 'ab'.repeat(30), /placeholder/],
  ])('refuses a %s local token', (_name, token, message) => {
    expect(() => loadRouterEnv({ ...base, LOCAL_AUTH_TOKEN: token })).toThrow(message);
  });

  it('requires the signing secret, and issuer + JWKS for OIDC', () => {
    expect(() => loadRouterEnv({ LOCAL_AUTH_TOKEN: good })).toThrow(/INTERNAL_SIGNING_SECRET/);
    expect(() => loadRouterEnv({ ...base, INTERNAL_SIGNING_SECRET: 'short' })).toThrow(/INTERNAL_SIGNING_SECRET/);
    expect(() => loadRouterEnv({ ...base, AUTH_MODE: 'oidc' })).toThrow(/OIDC_ISSUER/);
    expect(
      loadRouterEnv({
        ...base,
        AUTH_MODE: 'oidc',
        OIDC_ISSUER: 'https://id.example',
        OIDC_JWKS_URL: 'https://id.example/jwks',
      }).AUTH_MODE,
    ).toBe('oidc');
  });

  it('batches up to 32 reads per subgraph unless told fewer, and refuses a size outside 1–32', () => {
    expect(loadRouterEnv({ ...base, LOCAL_AUTH_TOKEN: good }).SUBGRAPH_BATCH_MAX).toBe(32);
    expect(loadRouterEnv({ ...base, LOCAL_AUTH_TOKEN: good, SUBGRAPH_BATCH_MAX: '1' }).SUBGRAPH_BATCH_MAX).toBe(1);
    for (const value of ['0', '33', 'many']) {
      expect(() => loadRouterEnv({ ...base, LOCAL_AUTH_TOKEN: good, SUBGRAPH_BATCH_MAX: value })).toThrow(
        /SUBGRAPH_BATCH_MAX/,
      );
    }
  });

  it('reads subgraph URL overrides', () => {
    expect(subgraphUrlOverrides({ SUBGRAPH_IDENTITY_URL: 'http://a/graphql', OTHER: 'x' })).toEqual({
      identity: 'http://a/graphql',
    });
  });
});
