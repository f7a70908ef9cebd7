/**
 * graphql-ws `next` messages for many subscribers of one event, at the cost of one serialization.
 * A result is serialized once (whoever asks first); each subscriber's message is its own id spliced
 * before those bytes, framed as one unmasked WebSocket text frame and written to the client's TCP
 * socket in a single write. `ws.send` would encode the string again and write header and body
 * separately (cork, two writes, writev) for every subscriber: about twice the router's CPU per delivery.
 */
import type { Socket } from 'node:net';
import type { ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';

const serialized = new WeakMap<ExecutionResult, Buffer>();

/** The `next` payload of a result as UTF-8 JSON, computed once per result whoever asks. */
export function serializeResult(result: ExecutionResult): Buffer {
  let json = serialized.get(result);
  if (json === undefined) {
    json = Buffer.from(
      JSON.stringify(
        result.errors ? { ...result, errors: result.errors.map((error) => error.toJSON()) } : { data: result.data },
      ),
    );
    serialized.set(result, json);
  }
  return json;
}

/** Where one subscription's results go. */
export interface NextOutput {
  /** Sends a `next` message carrying this serialized payload (nothing once the socket is closing). */
  next(payload: Buffer): void;
  /** Bytes written to the client's socket and not yet handed to the network. */
  readonly buffered: number;
}

const CLOSE_BRACE = 0x7d;
const FIN_TEXT = 0x81;

/** The whole `{"id":…,"type":"next","payload":<payload>}` message as an unmasked text frame. */
export function nextFrame(prefix: Buffer, payload: Buffer): Buffer {
  const length = prefix.length + payload.length + 1;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = FIN_TEXT;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  prefix.copy(frame, header);
  payload.copy(frame, header + prefix.length);
  frame[header + length - 1] = CLOSE_BRACE;
  return frame;
}

/** ws's internals this module relies on (ws 8): the TCP socket and the sender's state and queue. */
interface WsInternals {
  _socket?: Socket;
  _sender?: { _state?: number; _queue?: unknown[] };
}

/** ws's sender state when it is not holding frames back (compressing, reading a Blob). */
const SENDER_IDLE = 0;

/** `next` messages of subscription `id` to a client socket of the `ws` server. */
export function socketOutput(socket: WebSocket, id: string): NextOutput {
  const prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  const internals = socket as unknown as WsInternals;
  return {
    get buffered() {
      return socket.bufferedAmount;
    },
    next(payload) {
      if (socket.readyState !== WebSocket.OPEN) return;
      const frame = nextFrame(prefix, payload);
      const tcp = internals._socket;
      const sender = internals._sender;
      // The server sends uncompressed frames straight to the socket; should ws ever be holding
      // frames back (compression, a queue), go through it so the order on the wire stays right.
      if (tcp && sender?._state === SENDER_IDLE && sender._queue?.length === 0) tcp.write(frame);
      else socket.send(frame.subarray(frame.length - (prefix.length + payload.length + 1)), { binary: false });
    },
  };
}
