/**
 * Sends the reads that are ready for one subgraph in the same turn of the event loop as one HTTP
 * request to its `/graphql/batch` (`@mc/kit`'s `batch.ts`). Each operation keeps its own signed
 * identity and request id, and the subgraph runs each in its own context, so a batch changes the
 * transport only. The subgraph streams each operation's answer as soon as it is done, and each read
 * is answered as its line arrives. A read that is alone in its turn goes to `/graphql` as before, so
 * a quiet router adds no wait. Under load, a batch saves an HTTP exchange per read on both sides.
 *
 * A subgraph that has no batch endpoint (404) is sent each read on its own from then on, and a batch
 * it finds too large (413) is sent again read by read; any other failure of the batch request (or an
 * answer that leaves a read out or garbles a line) fails each read not yet answered, as it would have
 * failed alone.
 */
import { BATCH_PATH_SUFFIX, IDENTITY_HEADER, MAX_BATCH_OPERATIONS, REQUEST_ID_HEADER } from '@mc/kit';
import { type SubgraphResponse, subgraphFetch } from './subgraph-fetch.ts';

export interface BatchedRead {
  signedIdentity: string;
  requestId: string;
  /** The operation's JSON body, as it would be posted alone. */
  body: string;
}

/**
 * A batch's body stays well under a subgraph's request limit (1 MiB by default), so a batch of large
 * entity fetches is split rather than refused; a read larger than this goes alone, as before.
 */
const MAX_BATCH_BYTES = 256 * 1024;

interface Pending {
  read: BatchedRead;
  resolve: (response: SubgraphResponse) => void;
  reject: (error: unknown) => void;
}

/** One line of a streamed batch answer. */
interface BatchElement {
  index: number;
  status: number;
  body: unknown;
}

export class SubgraphBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private supported = true;
  private readonly url: string;
  private readonly batchUrl: string;
  private readonly maxOperations: number;
  private readonly onBatch: ((reads: number) => void) | undefined;

  /** `onBatch` is told how many reads went out in each request (1 for a read sent alone). */
  constructor(url: string, maxOperations = MAX_BATCH_OPERATIONS, onBatch?: (reads: number) => void) {
    this.url = url;
    this.maxOperations = maxOperations;
    this.onBatch = onBatch;
    const parsed = new URL(url);
    parsed.pathname = `${parsed.pathname.replace(/\/$/, '')}${BATCH_PATH_SUFFIX}`;
    this.batchUrl = parsed.toString();
  }

  send(read: BatchedRead): Promise<SubgraphResponse> {
    if (!this.supported) return this.single(read);
    return new Promise((resolve, reject) => {
      this.queue.push({ read, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    let part: Pending[] = [];
    let bytes = 0;
    const send = () => {
      if (part.length > 0) this.onBatch?.(part.length);
      if (part.length === 1) this.single(part[0].read).then(part[0].resolve, part[0].reject);
      else if (part.length > 1) void this.batch(part);
      part = [];
      bytes = 0;
    };
    for (const pending of queue) {
      const size = pending.read.body.length + pending.read.signedIdentity.length;
      if (part.length >= this.maxOperations || (part.length > 0 && bytes + size > MAX_BATCH_BYTES)) send();
      part.push(pending);
      bytes += size;
    }
    send();
  }

  private single(read: BatchedRead): Promise<SubgraphResponse> {
    return postAlone(this.url, read);
  }

  private async batch(part: Pending[]): Promise<void> {
    // The bodies are already JSON: the batch is assembled around them, not serialized again.
    const body = `[${part
      .map(
        ({ read }) =>
          `{"identity":${JSON.stringify(read.signedIdentity)},"requestId":${JSON.stringify(read.requestId)},"request":${read.body}}`,
      )
      .join(',')}]`;
    // The subgraph streams each operation's answer as it finishes: each read goes on at once.
    const answered = new Array<boolean>(part.length).fill(false);
    let count = 0;
    const onLine = (line: string) => {
      const element = JSON.parse(line) as BatchElement;
      const index = element?.index;
      if (typeof index !== 'number' || index < 0 || index >= part.length || answered[index]) {
        throw new Error('subgraph batch answer does not match its request');
      }
      answered[index] = true;
      count += 1;
      part[index].resolve(elementResponse(this.url, element));
    };
    try {
      const response = await subgraphFetch(
        this.batchUrl,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body },
        onLine,
      );
      // Nothing ran: a subgraph without the endpoint (404, from then on) or a body over its limit (413).
      if (response.status === 404 || response.status === 413) {
        if (response.status === 404) this.supported = false;
        for (const pending of part) this.single(pending.read).then(pending.resolve, pending.reject);
        return;
      }
      if (!response.ok) throw new Error(`subgraph batch request failed: ${response.status} ${response.statusText}`);
      if (count !== part.length) throw new Error('subgraph batch answer is missing operations');
    } catch (error) {
      // Reads already answered keep their answer; the others fail as they would have alone.
      for (const [index, pending] of part.entries()) if (!answered[index]) pending.reject(error);
    }
  }
}

/** One operation posted on its own to `/graphql`, its identity and request id as headers. */
export function postAlone(url: string, read: BatchedRead): Promise<SubgraphResponse> {
  return subgraphFetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: read.signedIdentity,
      [REQUEST_ID_HEADER]: read.requestId,
    },
    body: read.body,
  });
}

/** One batched operation's answer, as the small `Response` the data source reads. */
function elementResponse(url: string, element: BatchElement): SubgraphResponse {
  const status = typeof element?.status === 'number' ? element.status : 502;
  const body = element?.body ?? null;
  let headers: Headers | undefined;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    url,
    get headers() {
      headers ??= new Headers({ 'content-type': 'application/json' });
      return headers;
    },
    header: (name) => (name === 'content-type' ? 'application/json' : undefined),
    text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
    json: async () => body,
  };
}
