/**
 * Geometry for the console's small SVG charts (no chart library): bars for a series and a polyline
 * for another, on a shared scale with a "nice" maximum.
 */

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

/** The smallest of 1, 2, 5 × 10^n that is ≥ value (at least 1). */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function bars(values: readonly number[], width: number, height: number, max: number, gap = 4): Bar[] {
  if (values.length === 0) return [];
  const slot = width / values.length;
  return values.map((value, index) => {
    const barHeight = max > 0 ? (Math.max(0, value) / max) * height : 0;
    return {
      x: index * slot + gap / 2,
      y: height - barHeight,
      width: Math.max(1, slot - gap),
      height: barHeight,
      value,
    };
  });
}

/** SVG `points` of a line through the middle of each slot. */
export function linePoints(values: readonly number[], width: number, height: number, max: number): string {
  const slot = values.length > 0 ? width / values.length : 0;
  return values
    .map((value, index) => {
      const x = index * slot + slot / 2;
      const y = max > 0 ? height - (Math.max(0, value) / max) * height : height;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

const round = (value: number) => Math.round(value * 10) / 10;
