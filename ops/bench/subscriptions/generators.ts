/**
 * The subscription benchmark's load generators, seen from the bench process: several child processes
 * (`generator.ts`), each owning every n-th client (so the probes spread evenly over them), and one more
 * that publishes, with small young generations so that their garbage collections stay short, and
 * optionally recording those collections (`--record-gc`) so the bench can line them up with slow events.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  ClientSpec,
  GeneratorCollection,
  GeneratorCounts,
  GeneratorRequest,
  PublishRequest,
} from './generator.ts';

const SCRIPT = fileURLToPath(new URL('./generator.ts', import.meta.url));

/**
 * A small young generation: with V8's default, 1,000 clients in one process had scavenges of 45–73 ms
 * (10,000 in two: up to 107 ms). With 2 MiB the longest pause at 1,000 subscribers was 8–9 ms in three
 * runs (p99 37–48 ms); 4 and 8 MiB had pauses of 17–37 ms and p99 62–88 ms. At 10,000 the machine's two
 * cores are saturated (router ≈ 0.8, generators ≈ 1 core) and runs differ by more than any setting.
 */
export const SEMI_SPACE_MIB = 2;

interface Generator {
  child: ChildProcess;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

export class LoadGenerators {
  private readonly generators: Generator[];
  /** The publisher: a process of its own, so neither the clients' nor the bench's heap delays a publish. */
  private readonly publisher: Generator;
  private nextId = 0;

  private constructor(generators: Generator[], publisher: Generator) {
    this.generators = generators;
    this.publisher = publisher;
  }

  /** `semiSpaceMiB` 0 leaves V8's default. */
  static start(count: number, options: { recordGc: boolean; semiSpaceMiB?: number }): LoadGenerators {
    const semiSpace = options.semiSpaceMiB ?? SEMI_SPACE_MIB;
    const start = (name: string): Generator => {
      const child = fork(SCRIPT, [...(options.recordGc ? ['--record-gc'] : []), name], {
        execArgv: ['--expose-gc', ...(semiSpace > 0 ? [`--max-semi-space-size=${semiSpace}`] : [])],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
      const generator: Generator = { child, pending: new Map() };
      child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
        const waiting = generator.pending.get(message.id);
        generator.pending.delete(message.id);
        if (message.error !== undefined) waiting?.reject(new Error(`load generator: ${message.error}`));
        else waiting?.resolve(message.result);
      });
      child.on('exit', (code) => {
        for (const waiting of generator.pending.values()) waiting.reject(new Error(`load generator exited (${code})`));
        generator.pending.clear();
      });
      return generator;
    };
    const generators = Array.from({ length: Math.max(1, count) }, (_, which) => start(String(which)));
    return new LoadGenerators(generators, start('publisher'));
  }
  /** The client processes and the publisher (their CPU is the load side's). */
  get pids(): number[] {
    return this.everyone.flatMap((generator) => (generator.child.pid ? [generator.child.pid] : []));
  }

  /** Posts `events` notes at the fixed interval from the publisher process; resolves when all are answered. */
  async publish(request: PublishRequest): Promise<void> {
    await this.ask(this.publisher, { op: 'publish', publish: request });
  }

  private get everyone(): Generator[] {
    return [...this.generators, this.publisher];
  }

  /** Connects and subscribes every client; client `index` goes to generator `index % n`. */
  async connect(url: string, query: string, variables: object, specs: ClientSpec[]): Promise<void> {
    await Promise.all(
      this.generators.map((generator, which) =>
        this.ask(generator, {
          op: 'connect',
          url,
          query,
          variables,
          clients: specs.filter((_, index) => index % this.generators.length === which),
        }),
      ),
    );
  }

  async counts(): Promise<GeneratorCounts> {
    const all = (await this.all({ op: 'counts' })) as GeneratorCounts[];
    return {
      received: all.reduce((sum, item) => sum + item.received, 0),
      errors: all.reduce((sum, item) => sum + item.errors, 0),
      silent: all.reduce((sum, item) => sum + item.silent, 0),
    };
  }

  async reset(): Promise<void> {
    await this.all({ op: 'reset' });
  }

  /** Everything the clients saw, and the generators' GC pauses since wall-clock `gcSince`. */
  async collect(gcSince: number): Promise<GeneratorCollection[]> {
    return (await this.all({ op: 'collect', gcSince })) as GeneratorCollection[];
  }

  /** Closes every client (the generators stay up for the next scenario). */
  async closeAll(): Promise<void> {
    await this.all({ op: 'close' });
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.everyone.map(
        (generator) =>
          new Promise<void>((done) => {
            if (generator.child.exitCode !== null) return done();
            generator.child.once('exit', () => done());
            generator.child.disconnect();
            setTimeout(() => generator.child.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
  }

  private all(request: GeneratorRequest): Promise<unknown[]> {
    return Promise.all(this.everyone.map((generator) => this.ask(generator, request)));
  }

  private ask(generator: Generator, request: GeneratorRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      generator.pending.set(id, { resolve, reject });
      generator.child.send({ id, request });
    });
  }
}
