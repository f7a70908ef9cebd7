/** Id and input validation shared by every subgraph: bad ids are BAD_USER_INPUT, never a SQL error. */
import { badInput } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Returns the id if it is a well-formed UUID, else throws BAD_USER_INPUT naming the field. */
export function parseId(value: string, field = 'id'): string {
  if (!isUuid(value)) throw badInput(`${field} is not a valid id`, field);
  return value.toLowerCase();
}

/** Trims a required name-like string and checks its length. */
export function requireText(value: string, field: string, max = 200, min = 1): string {
  const trimmed = value.trim();
  if (trimmed.length < min) throw badInput(`${field} must not be empty`, field);
  if (trimmed.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return trimmed;
}

/** A URL-safe slug: lowercase letters, digits and single dashes. */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function parseSlug(value: string, field = 'slug'): string {
  if (!SLUG.test(value) || value.length > 60) {
    throw badInput(`${field} must be lowercase letters, digits and dashes`, field);
  }
  return value;
}
