/**
 * The subscription benchmark's load generators, seen from the bench process: several child processes
 * (`generator.ts`), each owning every n-th client (so the probes spread evenly over them), with small
 * young generations so that their garbage collections stay short, and optionally recording those
 * collections (`--record-gc`) so the bench can line them up with slow events.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientSpec, GeneratorCollection, GeneratorCounts, GeneratorRequest } from './generator.ts';

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
  private nextId = 0;

  private constructor(generators: Generator[]) {
    this.generators = generators;
  }

  /** `semiSpaceMiB` 0 leaves V8's default. */
  static start(count: number, options: { recordGc: boolean; semiSpaceMiB?: number }): LoadGenerators {
    const semiSpace = options.semiSpaceMiB ?? SEMI_SPACE_MIB;
    const generators = Array.from({ length: Math.max(1, count) }, (_, which): Generator => {
      const child = fork(SCRIPT, [...(options.recordGc ? ['--record-gc'] : []), String(which)], {
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
    });
    return new LoadGenerators(generators);
  }
  get pids(): number[] {
    return this.generators.flatMap((generator) => (generator.child.pid ? [generator.child.pid] : []));
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
      this.generators.map(
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
    return Promise.all(this.generators.map((generator) => this.ask(generator, request)));
  }

  private ask(generator: Generator, request: GeneratorRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      generator.pending.set(id, { resolve, reject });
      generator.child.send({ id, request });
    });
  }
}
