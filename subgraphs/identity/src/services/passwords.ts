/** Argon2id password hashing with configurable cost; a dummy verify keeps unknown-user logins as slow as real ones. */

import { badInput } from '@mc/kit';
import { hash, verify } from '@node-rs/argon2';

export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export class PasswordHasher {
  private readonly cost: PasswordCost;
  private dummy: Promise<string> | undefined;

  constructor(cost: PasswordCost) {
    this.cost = cost;
  }

  hash(password: string): Promise<string> {
    return hash(password, { memoryCost: this.cost.memoryCost, timeCost: this.cost.timeCost, parallelism: 1 });
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.dummy ??= this.hash('not-a-real-password');
      await verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }
}

export function parsePassword(value: string, field: string): string {
  if (value.length < PASSWORD_MIN) throw badInput(`${field} must be at least ${PASSWORD_MIN} characters`, field);
  if (value.length > PASSWORD_MAX) throw badInput(`${field} must be at most ${PASSWORD_MAX} characters`, field);
  return value;
}
