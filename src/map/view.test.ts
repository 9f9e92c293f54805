import { describe, expect, it } from 'vitest';
import { panningRoom, type Bounds } from './view.ts';

/** The extent a screen of `aspect` (height / width) shows when the city just fits in it. */
function fittedView([west, south, east, north]: Bounds, aspect: number): { width: number; height: number } {
  const width = east - west;
  const height = north - south;
  return height / width > aspect ? { width: height / aspect, height } : { width, height: width * aspect };
}

describe('panningRoom', () => {
  const wide: Bounds = [4.318, 46.331, 4.402, 46.367]; // the synthetic city: 2.3 times wider than tall
  const tall: Bounds = [0, 0, 0.02, 0.1];

  it.each([
    ['a wide city on a tall phone', wide, 844 / 390],
    ['a wide city on a very tall phone', wide, 3],
    ['a tall city on a wide desktop', tall, 800 / 1280],
    ['a tall city on a very wide screen', tall, 1 / 3],
  ] as const)('leaves room for %s', (_name, bounds, aspect) => {
    const room = panningRoom([...bounds]);
    const view = fittedView([...bounds], aspect);
    expect(room[2] - room[0]).toBeGreaterThanOrEqual(view.width - 1e-9);
    expect(room[3] - room[1]).toBeGreaterThanOrEqual(view.height - 1e-9);
  });

  it('contains the city', () => {
    const room = panningRoom(wide);
    expect(room[0]).toBeLessThan(wide[0]);
    expect(room[1]).toBeLessThan(wide[1]);
    expect(room[2]).toBeGreaterThan(wide[2]);
    expect(room[3]).toBeGreaterThan(wide[3]);
  });
});
