/**
 * Fleet logic without Vue: what an operator should do about an agent's recorded error, and the
 * capability list typed as text (`python:EXPERT, writing`) turned into the API's input.
 */

export type AdviceKey =
  | 'fleet.advice.noUrl'
  | 'fleet.advice.auth'
  | 'fleet.advice.version'
  | 'fleet.advice.unreachable'
  | 'fleet.advice.noBridge'
  | 'fleet.advice.checkIn'
  | 'fleet.advice.generic';

/** The advice for an agent's `lastError` (null when there is nothing to fix). */
export function agentAdvice(status: string, lastError: string | null | undefined): AdviceKey | null {
  if (!lastError) return null;
  const text = lastError.toLowerCase();
  if (text.includes('no url')) return 'fleet.advice.noUrl';
  if (/auth|token|credential|pairing|unauthori[sz]ed|forbidden/.test(text)) return 'fleet.advice.auth';
  if (text.includes('version')) return 'fleet.advice.version';
  if (text.includes('no bridge')) return 'fleet.advice.noBridge';
  if (/connect|unreachable|econnrefused|timeout|closed/.test(text)) return 'fleet.advice.unreachable';
  if (status === 'OFFLINE' || text.includes('check-in')) return 'fleet.advice.checkIn';
  return 'fleet.advice.generic';
}

export type Proficiency = 'NOVICE' | 'STANDARD' | 'EXPERT';
const PROFICIENCIES: readonly string[] = ['NOVICE', 'STANDARD', 'EXPERT'];

/**
 * `python:expert, code review` → `[{name: 'python', proficiency: 'EXPERT'}, {name: 'code review',
 * proficiency: 'STANDARD'}]`; an unknown proficiency is reported by name (null result).
 */
export function parseCapabilities(
  text: string,
): { ok: true; capabilities: { name: string; proficiency: Proficiency }[] } | { ok: false; invalid: string } {
  const capabilities: { name: string; proficiency: Proficiency }[] = [];
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const colon = trimmed.lastIndexOf(':');
    const name = (colon >= 0 ? trimmed.slice(0, colon) : trimmed).trim();
    const level =
      colon >= 0
        ? trimmed
            .slice(colon + 1)
            .trim()
            .toUpperCase()
        : 'STANDARD';
    if (!name || !PROFICIENCIES.includes(level)) return { ok: false, invalid: trimmed };
    capabilities.push({ name, proficiency: level as Proficiency });
  }
  return { ok: true, capabilities };
}

/** Capability names typed for a search, comma separated. */
export function capabilityNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((part) => part.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}
