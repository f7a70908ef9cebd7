/** Publishes `principalChanged` after access changes; a failed publish is logged, never fatal. */
import type { SubgraphRuntime } from '@mc/kit';
import { principalChanged } from '../events.ts';

type Change = { userId?: string; h5UserId?: string; credentialId?: string };

export class AccessEvents {
  private readonly runtime: SubgraphRuntime;

  constructor(runtime: SubgraphRuntime) {
    this.runtime = runtime;
  }

  async changed(...changes: Change[]): Promise<void> {
    for (const change of changes) {
      try {
        await this.runtime.bus.publish(principalChanged, change);
      } catch (error) {
        this.runtime.logger.error({ err: error, change }, 'principalChanged publish failed');
      }
    }
  }
}
