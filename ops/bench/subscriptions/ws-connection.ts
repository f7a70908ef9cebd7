/**
 * A WebSocket client connection on `node:net`, as lean per received message as one can be in Node:
 * it does the HTTP upgrade itself (key, accept and subprotocol checked), reads every socket of the
 * process into one shared buffer (`onread`: no Buffer, stream event or string per read), hands whole
 * messages on as bytes, answers pings, and closes with a close handshake. Node's own WebSocket (undici)
 * costs an EventTarget dispatch, a MessageEvent and a string per message; on 10,000 benchmark clients
 * that was most of a core (see `client-cost.ts` and the results file).
 */
import { randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { acceptKey, clientFrame, closePayload, FrameReader, OPCODE } from './ws-frames.ts';

export interface ConnectionHandler {
  /** A whole message; `payload` is valid only during the call (it may be the shared read buffer). */
  message(text: boolean, payload: Buffer): void;
  /**
   * The connection ended: the code of the server's close frame (1005 when it had none), 1006 when the
   * TCP connection ended without one, 1002 on a protocol error.
   */
  closed(code: number): void;
}

/** Every socket of the process reads into this (reads are synchronous: one socket's data at a time). */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
const HEADERS_END = Buffer.from('\r\n\r\n');
const MAX_HEADERS = 16 * 1024;
const CLOSE_TIMEOUT_MS = 5_000;

export class WsConnection {
  private readonly socket: Socket;
  private readonly reader: FrameReader;
  private readonly handler: ConnectionHandler;
  private closeSent = false;
  private closedCode: number | null = null;

  private constructor(socket: Socket, handler: ConnectionHandler) {
    this.socket = socket;
    this.handler = handler;
    this.reader = new FrameReader({
      message: (text, payload) => handler.message(text, payload),
      control: (opcode, payload) => this.control(opcode, payload),
      protocolError: () => this.fail(1002),
    });
  }

  /** Opens `url` (http/ws scheme) with one subprotocol; resolves once the server accepted the upgrade. */
  static connect(url: string, protocol: string, handler: ConnectionHandler): Promise<WsConnection> {
    const target = new URL(url);
    const key = randomBytes(16).toString('base64');
    return new Promise((resolve, reject) => {
      let connection: WsConnection | null = null;
      let head: Buffer[] = [];
      let headBytes = 0;
      const upgraded = (chunk: Buffer, end: number): void => {
        // Before the upgrade: gather the response's head, check it, then read frames.
        head.push(Buffer.from(chunk.subarray(0, end)));
        headBytes += end;
        const bytes = Buffer.concat(head, headBytes);
        const headEnd = bytes.indexOf(HEADERS_END);
        if (headEnd < 0) {
          if (headBytes > MAX_HEADERS) refuse('the upgrade response has no end of headers');
          return;
        }
        head = [];
        const problem = checkUpgrade(bytes.subarray(0, headEnd).toString('latin1'), key, protocol);
        if (problem) {
          refuse(problem);
          return;
        }
        connection = new WsConnection(socket, handler);
        resolve(connection);
        const rest = bytes.subarray(headEnd + HEADERS_END.length);
        if (rest.length > 0) connection.reader.push(rest);
      };
      const refuse = (reason: string) => {
        socket.destroy();
        reject(new Error(`WebSocket upgrade to ${url}: ${reason}`));
      };
      const socket = connectTcp({
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: Number(target.port) || (target.protocol === 'https:' || target.protocol === 'wss:' ? 443 : 80),
        noDelay: true,
        onread: {
          buffer: READ_BUFFER,
          callback: (bytes: number, buffer: Uint8Array) => {
            if (connection) connection.reader.push(buffer as Buffer, bytes);
            else upgraded(buffer as Buffer, bytes);
            return true;
          },
        },
      });
      socket.once('connect', () => {
        socket.write(
          `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\n` +
            `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
            `Sec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
        );
      });
      socket.on('error', (error) => {
        if (!connection) reject(error);
      });
      // The server ended its side: end ours (after a close frame, or as a dropped connection).
      socket.on('end', () => socket.end());
      socket.on('close', () => {
        if (connection) connection.ended(1006);
        else reject(new Error(`WebSocket upgrade to ${url}: the connection closed`));
      });
    });
  }

  /** Sends a text message. */
  send(text: string): void {
    if (this.closeSent || this.socket.destroyed) return;
    this.socket.write(clientFrame(OPCODE.text, Buffer.from(text)));
  }

  /** Starts the close handshake; the socket ends when the server answers (or after 5 s). */
  close(code = 1000): void {
    if (this.closeSent || this.socket.destroyed) return;
    this.closeSent = true;
    this.socket.write(clientFrame(OPCODE.close, closePayload(code)));
    setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS).unref();
  }

  private control(opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.ping) {
      if (!this.closeSent) this.socket.write(clientFrame(OPCODE.pong, payload));
    } else if (opcode === OPCODE.close) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      if (!this.closeSent) {
        // Echo the code, as RFC 6455 asks; 1005 is never sent.
        this.closeSent = true;
        this.socket.write(clientFrame(OPCODE.close, code === 1005 ? Buffer.alloc(0) : closePayload(code)));
      }
      this.ended(code);
      this.socket.end();
    }
  }

  private fail(code: number): void {
    this.ended(code);
    this.socket.destroy();
  }

  private ended(code: number): void {
    if (this.closedCode !== null) return;
    this.closedCode = code;
    this.handler.closed(code);
  }
}

/** What is wrong with the server's upgrade response, or null when it accepted. */
export function checkUpgrade(head: string, key: string, protocol: string): string | null {
  const [status, ...lines] = head.split('\r\n');
  if (!/^HTTP\/1\.1 101\b/.test(status)) return `expected 101 Switching Protocols, got "${status}"`;
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if (headers.get('upgrade')?.toLowerCase() !== 'websocket') return 'no "Upgrade: websocket"';
  if (!/\bupgrade\b/i.test(headers.get('connection') ?? '')) return 'no "Connection: Upgrade"';
  if (headers.get('sec-websocket-accept') !== acceptKey(key)) return 'a wrong Sec-WebSocket-Accept';
  if (headers.get('sec-websocket-protocol') !== protocol) return `the server did not accept subprotocol ${protocol}`;
  if (headers.has('sec-websocket-extensions')) return 'an extension the client did not offer';
  return null;
}
