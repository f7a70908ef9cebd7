/**
 * WebSocket framing (RFC 6455) for the benchmark's client: reads the server's frames from a TCP byte
 * stream, whatever the chunking (a frame split over chunks, several frames in one), and builds the
 * masked frames a client sends. Whole unfragmented frames are handed on as views of the chunk, not
 * copies: the clients read a shared buffer (`ws-connection.ts`), and most messages are one frame in
 * one chunk.
 */
import { createHash, randomFillSync } from 'node:crypto';

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** The server's `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

export interface FrameHandler {
  /** A whole message (fragments joined). `payload` is valid only during the call. */
  message(text: boolean, payload: Buffer): void;
  /** A ping, pong or close frame (opcode 8–10); `payload` is valid only during the call. */
  control(opcode: number, payload: Buffer): void;
  /** The stream broke the protocol; the reader reads nothing after this. */
  protocolError(reason: string): void;
}

/** Server frames larger than this are refused (the benchmark's messages are a few hundred bytes). */
const MAX_FRAME = 16 * 2 ** 20;

export class FrameReader {
  private readonly handler: FrameHandler;
  /** Bytes of an incomplete frame (copied: chunks are reused by the caller), and how many it needs. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private needed = 0;
  /** A fragmented message being received: its first opcode and its fragments so far (copies). */
  private fragmentsText: boolean | null = null;
  private fragments: Buffer[] = [];
  private failed = false;

  constructor(handler: FrameHandler) {
    this.handler = handler;
  }

  /**
   * Reads the stream's next bytes, `chunk[0, end)`. The chunk may be reused by the caller once this
   * returns (a shared read buffer): nothing is kept of it but copies.
   */
  push(chunk: Buffer, end = chunk.length): void {
    if (this.failed || end === 0) return;
    let data = chunk;
    if (this.pendingBytes > 0) {
      this.pending.push(Buffer.from(chunk.subarray(0, end)));
      this.pendingBytes += end;
      if (this.pendingBytes < this.needed) return;
      data = Buffer.concat(this.pending, this.pendingBytes);
      end = data.length;
      this.pending = [];
      this.pendingBytes = 0;
    }
    let offset = 0;
    while (offset < end && !this.failed) {
      const size = this.frameSize(data, offset, end);
      if (size < 0) return;
      const available = end - offset;
      if (size === 0 || available < size) {
        // Incomplete: keep the rest until the frame (or at least its header) is there.
        this.pending.push(Buffer.from(data.subarray(offset, end)));
        this.pendingBytes = available;
        this.needed = size === 0 ? available + 1 : size;
        return;
      }
      this.frame(data, offset, size);
      offset += size;
    }
  }

  /** Header plus payload length of the frame at `offset`; 0 when its header is incomplete, −1 on an error. */
  private frameSize(data: Buffer, offset: number, end: number): number {
    const available = end - offset;
    if (available < 2) return 0;
    const second = data[offset + 1];
    if (second & 0x80) return this.fail('a server frame is masked');
    const length = second & 0x7f;
    if (length < 126) return 2 + length;
    if (length === 126) return available < 4 ? 0 : 4 + data.readUInt16BE(offset + 2);
    if (available < 10) return 0;
    const long = data.readBigUInt64BE(offset + 2);
    if (long > BigInt(MAX_FRAME)) return this.fail(`a frame of ${long} bytes`);
    return 10 + Number(long);
  }

  private frame(data: Buffer, offset: number, size: number): void {
    const first = data[offset];
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if (first & 0x70) return void this.fail('reserved bits set (no extension was negotiated)');
    const length = data[offset + 1] & 0x7f;
    const header = length < 126 ? 2 : length === 126 ? 4 : 10;
    const payload = data.subarray(offset + header, offset + size);
    if (opcode >= OPCODE.close) {
      if (opcode > OPCODE.pong) return void this.fail(`unknown control opcode ${opcode}`);
      if (!fin || payload.length > 125) return void this.fail('a fragmented or long control frame');
      this.handler.control(opcode, payload);
      return;
    }
    if (opcode === OPCODE.continuation) {
      if (this.fragmentsText === null) return void this.fail('a continuation frame without a message');
      this.fragments.push(Buffer.from(payload));
      if (!fin) return;
      const text = this.fragmentsText;
      const whole = Buffer.concat(this.fragments);
      this.fragmentsText = null;
      this.fragments = [];
      this.handler.message(text, whole);
      return;
    }
    if (opcode !== OPCODE.text && opcode !== OPCODE.binary) return void this.fail(`unknown opcode ${opcode}`);
    if (this.fragmentsText !== null) return void this.fail('a new message inside a fragmented one');
    if (fin) {
      this.handler.message(opcode === OPCODE.text, payload);
      return;
    }
    this.fragmentsText = opcode === OPCODE.text;
    this.fragments.push(Buffer.from(payload));
  }

  private fail(reason: string): -1 {
    this.failed = true;
    this.pending = [];
    this.pendingBytes = 0;
    this.handler.protocolError(reason);
    return -1;
  }
}

/** One final frame as a client sends it: masked with a random key. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (header === 2) frame[1] = 0x80 | length;
  else if (header === 4) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  randomFillSync(frame, header, 4);
  for (let index = 0; index < length; index++) frame[header + 4 + index] = payload[index] ^ frame[header + (index & 3)];
  return frame;
}

/** The payload of a close frame: the code, big-endian, and the reason. */
export function closePayload(code: number, reason = ''): Buffer {
  const payload = Buffer.allocUnsafe(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return payload;
}
