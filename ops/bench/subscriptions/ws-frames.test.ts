import { describe, expect, it } from 'vitest';
import { acceptKey, clientFrame, closePayload, FrameReader, OPCODE } from './ws-frames.ts';

/** A server frame (unmasked), built by hand byte by byte as RFC 6455 lays it out. */
function serverFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const body = Buffer.from(payload);
  let header: Buffer;
  if (body.length < 126) header = Buffer.from([(fin ? 0x80 : 0) | opcode, body.length]);
  else if (body.length < 65_536)
    header = Buffer.from([(fin ? 0x80 : 0) | opcode, 126, body.length >> 8, body.length & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 127;
    header.writeUInt32BE(body.length, 6);
  }
  return Buffer.concat([header, body]);
}

function record() {
  const seen: string[] = [];
  const reader = new FrameReader({
    message: (text, payload) => seen.push(`${text ? 'text' : 'binary'}:${payload.toString()}`),
    control: (opcode, payload) => seen.push(`control ${opcode}:${payload.toString('hex')}`),
    protocolError: (reason) => seen.push(`error:${reason}`),
  });
  return { seen, reader };
}

/** Feeds `bytes` through one reused chunk buffer, `size` bytes at a time (overwritten after each push). */
function feedInChunks(reader: FrameReader, bytes: Buffer, size: number): void {
  const chunk = Buffer.alloc(size);
  for (let offset = 0; offset < bytes.length; offset += size) {
    const end = bytes.copy(chunk, 0, offset, Math.min(bytes.length, offset + size));
    reader.push(chunk, end);
    chunk.fill(0xee);
  }
}

describe('FrameReader', () => {
  it('reads a frame that arrives whole', () => {
    const { seen, reader } = record();
    reader.push(serverFrame(OPCODE.text, '{"type":"connection_ack"}'));
    expect(seen).toEqual(['text:{"type":"connection_ack"}']);
  });

  it('reads several frames coalesced in one chunk, in order', () => {
    const { seen, reader } = record();
    reader.push(
      Buffer.concat([serverFrame(OPCODE.text, 'one'), serverFrame(OPCODE.ping, 'p'), serverFrame(OPCODE.text, 'two')]),
    );
    expect(seen).toEqual(['text:one', 'control 9:70', 'text:two']);
  });

  it('reads frames split anywhere over chunks, the chunk buffer reused between pushes', () => {
    const frames = Buffer.concat([
      serverFrame(OPCODE.text, 'a'.repeat(100)),
      serverFrame(OPCODE.text, 'b'.repeat(300)),
      serverFrame(OPCODE.text, 'c'.repeat(70_000)),
      serverFrame(OPCODE.text, 'd'),
    ]);
    for (const size of [1, 2, 3, 7, 64, 1000, 65_536]) {
      const { seen, reader } = record();
      feedInChunks(reader, frames, size);
      expect(seen, `chunks of ${size}`).toEqual([
        `text:${'a'.repeat(100)}`,
        `text:${'b'.repeat(300)}`,
        `text:${'c'.repeat(70_000)}`,
        'text:d',
      ]);
    }
  });

  it('reads 16-bit (126) and 64-bit (127) lengths at their boundaries', () => {
    for (const length of [125, 126, 127, 65_535, 65_536, 100_000]) {
      const { seen, reader } = record();
      const frame = serverFrame(OPCODE.binary, Buffer.alloc(length, 'x'));
      expect(frame[1]).toBe(length < 126 ? length : length < 65_536 ? 126 : 127);
      reader.push(frame);
      expect(seen).toEqual([`binary:${'x'.repeat(length)}`]);
    }
  });

  it('joins a fragmented message, with a control frame between its fragments', () => {
    const { seen, reader } = record();
    const bytes = Buffer.concat([
      serverFrame(OPCODE.text, '{"type":', false),
      serverFrame(OPCODE.continuation, '"ne', false),
      serverFrame(OPCODE.ping, ''),
      serverFrame(OPCODE.continuation, 'xt"}', true),
      serverFrame(OPCODE.text, 'after'),
    ]);
    feedInChunks(reader, bytes, 5);
    expect(seen).toEqual(['control 9:', 'text:{"type":"next"}', 'text:after']);
  });

  it('hands close frames on with their code', () => {
    const { seen, reader } = record();
    reader.push(serverFrame(OPCODE.close, closePayload(4403, 'Forbidden')));
    expect(seen).toEqual([
      `control 8:${Buffer.concat([Buffer.from([0x11, 0x33]), Buffer.from('Forbidden')]).toString('hex')}`,
    ]);
  });

  it('refuses what breaks the protocol, and reads nothing after', () => {
    const cases: [string, Buffer][] = [
      ['masked', clientFrame(OPCODE.text, Buffer.from('hi'))],
      ['continuation', serverFrame(OPCODE.continuation, 'x')],
      ['control', serverFrame(OPCODE.ping, 'x'.repeat(126))],
      ['control', serverFrame(OPCODE.pong, 'x', false)],
      ['inside', Buffer.concat([serverFrame(OPCODE.text, 'a', false), serverFrame(OPCODE.text, 'b')])],
      ['reserved', Buffer.from([0xc1, 0x01, 0x61])],
      ['opcode', serverFrame(3, 'x')],
    ];
    for (const [reason, bytes] of cases) {
      const { seen, reader } = record();
      reader.push(bytes);
      reader.push(serverFrame(OPCODE.text, 'later'));
      expect(seen, reason).toHaveLength(1);
      expect(seen[0]).toMatch(new RegExp(`^error:.*${reason}`));
    }
  });
});

describe('client frames', () => {
  it('are final, masked, and unmask to the payload', () => {
    for (const length of [0, 5, 125, 126, 65_535, 65_536]) {
      const payload = Buffer.alloc(length, 'y');
      const frame = clientFrame(OPCODE.text, payload);
      expect(frame[0]).toBe(0x81);
      expect(frame[1] & 0x80).toBe(0x80);
      const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
      const declared =
        header === 2 ? frame[1] & 0x7f : header === 4 ? frame.readUInt16BE(2) : Number(frame.readBigUInt64BE(2));
      expect(declared).toBe(length);
      const mask = frame.subarray(header, header + 4);
      const body = frame.subarray(header + 4);
      expect(Buffer.from(body.map((byte, index) => byte ^ mask[index % 4]))).toEqual(payload);
    }
  });
});

describe('acceptKey', () => {
  it('matches the example of RFC 6455', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});
