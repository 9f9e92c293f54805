import { describe, expect, it } from 'vitest';
import { CLASS_COLOURS, NO_DATA_COLOUR, colourClasses, colourFor } from './metrics.ts';

describe('choropleth classes', () => {
  it('cuts the range into five equal classes and colours each value by its class', () => {
    const classes = colourClasses([0, 10, null, 5]);
    expect(classes.map((c) => [c.from, c.to])).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
      [6, 8],
      [8, 10],
    ]);
    expect(colourFor(0, classes)).toBe(CLASS_COLOURS[0]);
    expect(colourFor(5, classes)).toBe(CLASS_COLOURS[2]);
    expect(colourFor(10, classes)).toBe(CLASS_COLOURS[4]);
    expect(colourFor(null, classes)).toBe(NO_DATA_COLOUR);
  });

  it('keeps one class when every value is equal, and none without values', () => {
    expect(colourClasses([3, 3])).toEqual([{ from: 3, to: 3, colour: CLASS_COLOURS[2] }]);
    expect(colourClasses([null])).toEqual([]);
    expect(colourFor(1, [])).toBe(NO_DATA_COLOUR);
  });

  it('handles negative net scores', () => {
    const classes = colourClasses([-5, 5]);
    expect(colourFor(-5, classes)).toBe(CLASS_COLOURS[0]);
    expect(colourFor(5, classes)).toBe(CLASS_COLOURS[4]);
  });
});
