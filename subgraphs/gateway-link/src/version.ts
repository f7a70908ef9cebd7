/**
 * OpenClaw runtime versions are CalVer: `YYYY.M.D`, optionally with a build suffix (`2026.9.6-beta.2`,
 * `2026.9.6+eb377ac`). We compare the numeric date parts only.
 */

/** The numeric parts of a CalVer version, or null when it is not one. */
export function parseCalVer(version: string): [number, number, number] | null {
  const match = /^v?(\d{4})\.(\d{1,2})\.(\d{1,2})(?:[-+.].*)?$/.exec(version.trim());
  if (!match) return null;
  const parts = [Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number];
  if (parts[1] < 1 || parts[1] > 12 || parts[2] < 0 || parts[2] > 99) return null;
  return parts;
}

/** Negative when a < b, 0 when equal, positive when a > b; null when either is not CalVer. */
export function compareCalVer(a: string, b: string): number | null {
  const pa = parseCalVer(a);
  const pb = parseCalVer(b);
  if (!pa || !pb) return null;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Whether `version` is at least `minimum`; a version that is not CalVer never is. */
export const satisfiesMinVersion = (version: string, minimum: string) => (compareCalVer(version, minimum) ?? -1) >= 0;
