/**
 * Draws the app icons as real PNGs (no image tools needed): a rounded blue tile with a white speech
 * bubble, anti-aliased by 4×4 supersampling, encoded with zlib. The maskable variant fills the whole
 * square and keeps the bubble inside the 80 % safe zone. Writes h5/public/icons/; run after a design
 * change (`node h5/scripts/icons.ts`), the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const OUT = join(import.meta.dirname, '../public/icons');
const BLUE = [37, 99, 235];
const WHITE = [255, 255, 255];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Inside a rounded rectangle (unit coordinates). */
function inRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The bubble: a rounded body with a tail at the lower left, scaled into `scale` of the tile. */
function inBubble(x: number, y: number, scale: number): boolean {
  const u = (x - 0.5) / scale + 0.5;
  const v = (y - 0.5) / scale + 0.5;
  if (inRoundRect(u, v, 0.2, 0.24, 0.8, 0.66, 0.12)) return true;
  // Tail: a triangle below the body.
  const inTail = v >= 0.64 && v <= 0.8 && u >= 0.3 && u <= 0.3 + (0.8 - v) * 1.1;
  return inTail;
}

function inDot(x: number, y: number, scale: number): boolean {
  const u = (x - 0.5) / scale + 0.5;
  const v = (y - 0.5) / scale + 0.5;
  return [0.36, 0.5, 0.64].some((cx) => (u - cx) ** 2 + (v - 0.45) ** 2 <= 0.045 ** 2);
}

export function drawIcon(size: number, maskable: boolean): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  const scale = maskable ? 0.72 : 0.9;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let tile = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const onTile = maskable || inRoundRect(x, y, 0, 0, 1, 1, 0.22);
          if (!onTile) continue;
          tile++;
          if (inBubble(x, y, scale) && !inDot(x, y, scale)) white++;
        }
      }
      const total = samples * samples;
      const alpha = tile / total;
      const mix = tile ? white / tile : 0;
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[offset + c] = Math.round(BLUE[c] * (1 - mix) + WHITE[c] * mix);
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

if (import.meta.main) {
  mkdirSync(OUT, { recursive: true });
  const icons: [string, number, boolean][] = [
    ['icon-192.png', 192, false],
    ['icon-512.png', 512, false],
    ['icon-maskable-512.png', 512, true],
    ['apple-touch-icon.png', 180, true],
  ];
  for (const [name, size, maskable] of icons) {
    writeFileSync(join(OUT, name), encodePng(size, drawIcon(size, maskable)));
    console.log(`h5 icons: wrote ${name} (${size}×${size}${maskable ? ', maskable' : ''})`);
  }
}
