import { describe, expect, it } from 'vitest';
import { compareCalVer, parseCalVer, satisfiesMinVersion } from './version.ts';

describe('CalVer', () => {
  it('parses OpenClaw versions with and without suffixes', () => {
    expect(parseCalVer('2026.9.6')).toEqual([2026, 9, 6]);
    expect(parseCalVer('v2026.10.12-beta.1')).toEqual([2026, 10, 12]);
    expect(parseCalVer('2026.9.6+eb377ac')).toEqual([2026, 9, 6]);
    expect(parseCalVer('dev')).toBeNull();
    expect(parseCalVer('2026.13.1')).toBeNull();
    expect(parseCalVer('1.2.3')).toBeNull();
  });

  it('compares numerically, not as strings', () => {
    expect(compareCalVer('2026.10.1', '2026.9.30')).toBeGreaterThan(0);
    expect(compareCalVer('2026.9.6', '2026.9.10')).toBeLessThan(0);
    expect(compareCalVer('2027.1.1', '2026.12.31')).toBeGreaterThan(0);
    expect(compareCalVer('2026.9.6-beta', '2026.9.6')).toBe(0);
    expect(compareCalVer('x', '2026.9.6')).toBeNull();
  });

  it('checks a minimum; what is not CalVer never satisfies it', () => {
    expect(satisfiesMinVersion('2026.9.6', '2026.9.6')).toBe(true);
    expect(satisfiesMinVersion('2026.9.7', '2026.9.6')).toBe(true);
    expect(satisfiesMinVersion('2026.8.31', '2026.9.1')).toBe(false);
    expect(satisfiesMinVersion('unknown', '2026.9.1')).toBe(false);
  });
});
