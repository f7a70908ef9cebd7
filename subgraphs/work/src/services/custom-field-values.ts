/**
 * Typed validation of custom-field values and of the definitions themselves (pure functions).
 * Values are JSON: TEXT/LONG_TEXT/URL/DATE/DATE_TIME are strings, INTEGER/DECIMAL numbers,
 * BOOLEAN booleans, JSON any JSON value up to 16 KiB. Failures are `BAD_USER_INPUT` with `field`.
 */
import { badInput } from '@mc/kit';
import type { CustomFieldRow, CustomFieldType } from '../db/custom-field-store.ts';

export const TEXT_MAX = 1_000;
export const LONG_TEXT_MAX = 20_000;
export const URL_MAX = 2_048;
export const JSON_MAX_BYTES = 16 * 1024;
export const PATTERN_MAX = 200;
/** Values of TEXT/LONG_TEXT fields with a pattern are tested only up to this length (regex cost). */
const PATTERN_TYPES: ReadonlySet<CustomFieldType> = new Set(['TEXT', 'LONG_TEXT']);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Nested quantifiers like `(a+)+` or `(a*)*`: the classic catastrophic backtracking shapes. */
const NESTED_QUANTIFIER = /\([^)]*[+*}][^)]*\)\s*[+*{]/;

/** Checks a pattern on save: length-limited, compilable, no nested quantifiers. */
export function validatePattern(pattern: string, type: CustomFieldType, field: string): string {
  if (!PATTERN_TYPES.has(type)) throw badInput('A pattern is only allowed on TEXT and LONG_TEXT fields', field);
  if (pattern.length === 0 || pattern.length > PATTERN_MAX) {
    throw badInput(`${field} must be 1–${PATTERN_MAX} characters`, field);
  }
  if (NESTED_QUANTIFIER.test(pattern)) throw badInput(`${field} has nested quantifiers (too slow to match)`, field);
  try {
    new RegExp(pattern, 'u');
  } catch {
    throw badInput(`${field} is not a valid regular expression`, field);
  }
  return pattern;
}

/** The JSON value `value` checked against a definition; returns the value to store. */
export function validateValue(
  definition: Pick<CustomFieldRow, 'type' | 'pattern'>,
  value: unknown,
  field: string,
): unknown {
  const fail = (what: string): never => {
    throw badInput(`${field} ${what}`, field);
  };
  switch (definition.type) {
    case 'TEXT':
    case 'LONG_TEXT': {
      const max = definition.type === 'TEXT' ? TEXT_MAX : LONG_TEXT_MAX;
      if (typeof value !== 'string') return fail('must be a string');
      if (value.length > max) return fail(`must be at most ${max} characters`);
      if (definition.pattern && !new RegExp(definition.pattern, 'u').test(value)) {
        return fail(`must match ${definition.pattern}`);
      }
      return value;
    }
    case 'INTEGER':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail('must be an integer (±2^53)');
      return value;
    case 'DECIMAL':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('must be a number');
      return value;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return value;
    case 'DATE': {
      const match = typeof value === 'string' ? DATE.exec(value) : null;
      if (!match || !realDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
        return fail('must be a date like 2026-01-31');
      }
      return value;
    }
    case 'DATE_TIME': {
      if (typeof value !== 'string' || !DATE_TIME.test(value)) {
        return fail('must be an ISO date-time with an offset, like 2026-01-31T12:00:00Z');
      }
      const date = new Date(value);
      const [y, m, d] = value.slice(0, 10).split('-').map(Number);
      if (Number.isNaN(date.getTime()) || !realDate(y, m, d)) return fail('is not a real date-time');
      return date.toISOString();
    }
    case 'URL': {
      if (typeof value !== 'string' || value.length > URL_MAX) return fail(`must be a URL of at most ${URL_MAX} chars`);
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return fail('must be an http(s) URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('must be an http(s) URL');
      return value;
    }
    case 'JSON': {
      if (value === undefined) return fail('must be a JSON value');
      if (Buffer.byteLength(JSON.stringify(value), 'utf8') > JSON_MAX_BYTES) {
        return fail(`must be at most ${JSON_MAX_BYTES} bytes of JSON`);
      }
      return value;
    }
  }
}

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
