import type { AgentReply } from '../domain-events.ts';

/** One part of a reply as the relay records it (the run's ids are added by the writer). */
export type Part = Omit<AgentReply, 'sessionId' | 'agentId' | 'runId'>;

/** Lets parts that arrive in the same I/O turn (a gateway's batch: a delta and the final) join one write. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The parts of one reply, recorded strictly in order. Deltas carry only new text: after a lost run is
 * sent again, the new run's accumulated text is compared with what was already passed on, so the
 * reader never sees a part twice (a diverging retry streams nothing more; its final part says it all).
 *
 * Parts are written in batches: whatever arrived while the previous write was in flight (or in the
 * same I/O turn) goes in the next write, in order. The writer records a batch in one statement, so a
 * delta and the final that a gateway sends together cost one commit and one publish, not two in a row.
 */
export class RunStream {
  private readonly write: (parts: Part[]) => Promise<void>;
  private chain: Promise<void> = Promise.resolve();
  private pending: Part[] = [];
  private passed = '';
  private diverged = false;
  private sequence = 0;
  private ended = false;

  constructor(write: RunStream['write']) {
    this.write = write;
  }

  delta(accumulated: string, deltaText: string): void {
    if (this.ended || this.diverged) return;
    let next: string;
    if (accumulated.startsWith(this.passed)) next = accumulated.slice(this.passed.length);
    else if (this.passed === '' || accumulated === '') next = deltaText;
    else {
      this.diverged = true;
      return;
    }
    if (next.length === 0) return;
    this.passed += next;
    this.sequence += 1;
    this.push({ part: 'delta', text: next, code: null, sequence: this.sequence });
  }

  final(text: string): Promise<void> {
    this.end({ part: 'final', text, code: null });
    return this.chain;
  }

  /** The run's terminal part (numbered after its deltas); anything after it is ignored. */
  end(part: Omit<Part, 'sequence'>): void {
    if (this.ended) return;
    this.ended = true;
    this.sequence += 1;
    this.push({ ...part, sequence: this.sequence });
  }

  /** Waits for every recorded part (a failure to record fails the job, which is retried). */
  flushed(): Promise<void> {
    return this.chain;
  }

  private push(part: Part): void {
    this.pending.push(part);
    // The first part since the last write was taken schedules the next write; later ones join it.
    if (this.pending.length > 1) return;
    this.chain = this.chain.then(nextTurn).then(() => {
      const parts = this.pending;
      this.pending = [];
      return this.write(parts);
    });
  }
}
