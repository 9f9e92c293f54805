import { describe, expect, it } from 'vitest';
import { fontStacksOf, siteStyle } from './site-files.ts';

describe('fontStacksOf', () => {
  it('finds plain stacks and stacks inside expressions, once each', () => {
    const style = {
      layers: [
        { layout: { 'text-font': ['Noto Sans Regular'] } },
        { layout: { 'text-font': ['literal', ['Noto Sans Medium', 'Noto Sans Regular']] } },
        {
          layout: {
            'text-font': ['step', ['zoom'], ['literal', ['Noto Sans Regular']], 14, ['literal', ['Noto Sans Bold']]],
          },
        },
        {
          layout: {
            'text-font': [
              'case',
              ['has', 'name'],
              ['literal', ['Noto Sans Italic']],
              ['literal', ['Noto Sans Regular']],
            ],
          },
        },
        { layout: { 'icon-image': 'dot' } },
        {},
      ],
    };
    expect(fontStacksOf(style)).toEqual([
      ['Noto Sans Regular'],
      ['Noto Sans Medium', 'Noto Sans Regular'],
      ['Noto Sans Bold'],
      ['Noto Sans Italic'],
    ]);
  });
});

describe('siteStyle', () => {
  it('points every pmtiles source and the glyphs at the site, and drops credits the map shows already', () => {
    const style = siteStyle(
      {
        glyphs: 'https://fonts.example/{fontstack}/{range}.pbf',
        sources: {
          base: {
            type: 'vector',
            url: 'pmtiles:///basemap/city.pmtiles',
            attribution: '<a href="x">OpenStreetMap</a>',
          },
          other: { type: 'geojson', attribution: 'Someone else' },
        },
      },
      ['OpenStreetMap'],
    );
    expect(style).toEqual({
      glyphs: '/city/glyphs/{fontstack}/{range}.pbf',
      sources: {
        base: { type: 'vector', url: 'pmtiles:///city/basemap.pmtiles' },
        other: { type: 'geojson', attribution: 'Someone else' },
      },
    });
  });
});
