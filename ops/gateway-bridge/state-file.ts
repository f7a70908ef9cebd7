/**
 * The bridge's inbox position on disk: the last sequence below which every request was handled, and
 * the ids of the latest handled requests (so one handled out of order before a crash is not run again).
 * Written atomically (a temporary file renamed over the old one): a crash leaves the old or the new
 * state, never half of one.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface BridgeState {
  /** Every inbox request up to this sequence was handled. */
  sequence: number | null;
  /** Ids of the most recently handled requests (bounded). */
  handled: string[];
}

const KEEP_HANDLED = 500;

export class BridgeStateFile {
  private readonly path: string;
  private writing: Promise<void> = Promise.resolve();
  private version = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** The saved state; an absent file is a fresh start, an unreadable one an error (never silently reset). */
  async load(): Promise<BridgeState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sequence: null, handled: [] };
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<BridgeState>;
    const sequence = typeof parsed.sequence === 'number' && Number.isInteger(parsed.sequence) ? parsed.sequence : null;
    const handled = Array.isArray(parsed.handled) ? parsed.handled.filter((id) => typeof id === 'string') : [];
    return { sequence, handled: handled.slice(-KEEP_HANDLED) };
  }

  /** Saves the state (writes are serialized; the latest wins). */
  save(state: BridgeState): Promise<void> {
    const version = ++this.version;
    const snapshot = JSON.stringify({ sequence: state.sequence, handled: state.handled.slice(-KEEP_HANDLED) });
    this.writing = this.writing
      .catch(() => {})
      .then(async () => {
        if (version !== this.version) return; // a newer state follows
        await mkdir(dirname(this.path), { recursive: true });
        const temporary = `${this.path}.${process.pid}.tmp`;
        await writeFile(temporary, snapshot, { mode: 0o600 });
        await rename(temporary, this.path);
      });
    return this.writing;
  }
}
