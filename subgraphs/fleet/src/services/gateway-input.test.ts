import { describe, expect, it } from 'vitest';
import { parseGatewayUrl, parseVersion, parseWorkspaceRoot } from './gateway-input.ts';

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'OK';
};

describe('gateway input', () => {
  it('accepts ws and wss URLs with an explicit port, keeping default ports the parser would drop', () => {
    expect(parseGatewayUrl('ws://10.0.0.5:18789', 'url')).toBe('ws://10.0.0.5:18789');
    expect(parseGatewayUrl(' wss://gw.example.com:443/openclaw ', 'url')).toBe('wss://gw.example.com:443/openclaw');
    expect(parseGatewayUrl('ws://localhost:80', 'url')).toBe('ws://localhost:80');
    expect(parseGatewayUrl('ws://[::1]:18789', 'url')).toBe('ws://[::1]:18789');
  });

  it('refuses other schemes, missing or bad ports, credentials and garbage', () => {
    for (const bad of [
      'http://gw:18789',
      'ws://gw',
      'wss://gw.example.com/path',
      'ws://gw:0',
      'ws://gw:70000',
      'ws://user:pw@gw:18789',
      'ws://:18789',
      'ws://gw:18789#x',
      '',
      'gw:18789',
    ]) {
      expect(
        code(() => parseGatewayUrl(bad, 'input.url')),
        bad,
      ).toBe('BAD_USER_INPUT');
    }
  });

  it('accepts absolute or home-relative workspace roots without .. segments', () => {
    expect(parseWorkspaceRoot('/srv/openclaw/', 'root')).toBe('/srv/openclaw');
    expect(parseWorkspaceRoot('~/.openclaw/workspace', 'root')).toBe('~/.openclaw/workspace');
    for (const bad of ['relative/path', '/srv/../etc', '', 'C:\\x']) {
      expect(
        code(() => parseWorkspaceRoot(bad, 'root')),
        bad,
      ).toBe('BAD_USER_INPUT');
    }
  });

  it('accepts CalVer-like versions only', () => {
    expect(parseVersion('2026.9.6', 'v')).toBe('2026.9.6');
    expect(code(() => parseVersion('1.0; drop table', 'v'))).toBe('BAD_USER_INPUT');
  });
});
