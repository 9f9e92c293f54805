import type { DistrictSummary } from '../../lib/geo/districts/index.ts';
import type { Metric } from '../../lib/state/dashboard.svelte.ts';

/** A district's figure for the chosen metric (null: unknown, e.g. no population). */
export function metricValue(d: DistrictSummary, metric: Metric): number | null {
  if (metric === 'proposals') return d.proposals;
  if (metric === 'votes') return d.agree + d.disagree;
  if (metric === 'net') return d.net;
  return d.participantsPer1000 === null ? null : Math.round(d.participantsPer1000 * 100) / 100;
}

/** Sequential blues, light to dark (readable on the light basemap; the darkest holds white text). */
export const CLASS_COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] as const;
export const NO_DATA_COLOUR = '#d9d9d9';

export interface ColourClass {
  /** Inclusive lower bound. */
  from: number;
  /** Inclusive upper bound. */
  to: number;
  colour: string;
}

/** Up to five equal-interval classes over the values (one class when all are equal). */
export function colourClasses(values: readonly (number | null)[]): ColourClass[] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return [];
  const min = Math.min(...known);
  const max = Math.max(...known);
  if (min === max) return [{ from: min, to: max, colour: CLASS_COLOURS[2] }];
  const step = (max - min) / CLASS_COLOURS.length;
  return CLASS_COLOURS.map((colour, i) => ({
    from: i === 0 ? min : min + step * i,
    to: i === CLASS_COLOURS.length - 1 ? max : min + step * (i + 1),
    colour,
  }));
}

/** The colour of a value: the last class whose lower bound it reaches. */
export function colourFor(value: number | null, classes: readonly ColourClass[]): string {
  if (value === null || classes.length === 0) return NO_DATA_COLOUR;
  let colour = classes[0]!.colour;
  for (const c of classes) if (value >= c.from) colour = c.colour;
  return colour;
}
