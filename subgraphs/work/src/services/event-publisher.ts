/**
 * Publishes work events after their change is committed. Live fan-out is best effort: a failed
 * publish is logged, never turned into a failure of a change that already happened.
 */
import type { EventBus, SubgraphRuntime, Topic } from '@mc/kit';

type Logger = SubgraphRuntime['logger'];

export class EventPublisher {
  private readonly bus: EventBus;
  private readonly logger: Logger;

  constructor(bus: EventBus, logger: Logger) {
    this.bus = bus;
    this.logger = logger;
  }

  async publish<T>(topic: Topic<T>, payload: T): Promise<void> {
    try {
      await this.bus.publish(topic, payload);
    } catch (error) {
      this.logger.error({ err: error, channel: topic.channel }, 'publishing a work event failed');
    }
  }
}
