import { describe, expect, it } from 'vitest';
import { bars, linePoints, niceMax } from './chart';

describe('chart geometry', () => {
  it('rounds the scale up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 51, 200].map(niceMax)).toEqual([1, 1, 5, 10, 20, 100, 200]);
  });

  it('draws bars proportional to the values from the baseline', () => {
    const drawn = bars([0, 5, 10], 300, 100, 10, 0);
    expect(drawn.map((b) => b.height)).toEqual([0, 50, 100]);
    expect(drawn.map((b) => b.y)).toEqual([100, 50, 0]);
    expect(drawn.map((b) => b.x)).toEqual([0, 100, 200]);
    expect(bars([], 300, 100, 10)).toEqual([]);
  });

  it('places line points in the middle of each slot', () => {
    expect(linePoints([0, 10], 200, 100, 10)).toBe('50,100 150,0');
  });
});
