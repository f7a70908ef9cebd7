import { describe, expect, it } from 'vitest';
import { agentAdvice, capabilityNames, parseCapabilities } from './fleet';

describe('agentAdvice', () => {
  it('has nothing to say without an error', () => {
    expect(agentAdvice('ONLINE', null)).toBeNull();
    expect(agentAdvice('ERROR', '')).toBeNull();
  });

  it('names the fix for the errors provisioning records', () => {
    expect(agentAdvice('ERROR', 'the gateway has no URL to dial out to (it only registered)')).toBe(
      'fleet.advice.noUrl',
    );
    expect(agentAdvice('ERROR', 'AUTH_FAILED: device token refused')).toBe('fleet.advice.auth');
    expect(agentAdvice('ERROR', 'VERSION_UNSUPPORTED: gateway version 2026.1.0 is below 2026.9.1')).toBe(
      'fleet.advice.version',
    );
    expect(agentAdvice('ERROR', 'CONNECT_FAILED: connect ECONNREFUSED 127.0.0.1:1')).toBe('fleet.advice.unreachable');
    expect(
      agentAdvice(
        'PROVISIONING',
        'waiting for the gateway: CONNECT_FAILED: the gateway is not connected: no bridge follows its inbox (createAgent not sent)',
      ),
    ).toBe('fleet.advice.noBridge');
    expect(agentAdvice('OFFLINE', 'no check-in after 3 wake message(s), 30 s each')).toBe('fleet.advice.checkIn');
    expect(agentAdvice('ERROR', 'something odd')).toBe('fleet.advice.generic');
  });
});

describe('parseCapabilities', () => {
  it('reads names with an optional proficiency (standard by default)', () => {
    expect(parseCapabilities(' python:expert, code review ,, writing:Novice ')).toEqual({
      ok: true,
      capabilities: [
        { name: 'python', proficiency: 'EXPERT' },
        { name: 'code review', proficiency: 'STANDARD' },
        { name: 'writing', proficiency: 'NOVICE' },
      ],
    });
    expect(parseCapabilities('')).toEqual({ ok: true, capabilities: [] });
  });

  it('reports the part it cannot read', () => {
    expect(parseCapabilities('python:guru, go')).toEqual({ ok: false, invalid: 'python:guru' });
    expect(parseCapabilities(':expert')).toEqual({ ok: false, invalid: ':expert' });
  });
});

describe('capabilityNames', () => {
  it('splits, trims, lowercases and removes duplicates', () => {
    expect(capabilityNames('Python, go ,python,, ')).toEqual(['python', 'go']);
  });
});
