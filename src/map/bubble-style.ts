import type { DataDrivenPropertyValueSpecification, ExpressionSpecification } from 'maplibre-gl';

/** Radius grows with the square root of activity (votes + comments): area ∝ activity, capped. */
export const BUBBLE_RADIUS: DataDrivenPropertyValueSpecification<number> = [
  'interpolate',
  ['linear'],
  ['sqrt', ['get', 'activity']],
  0,
  7,
  8,
  20,
];

/** The ring tells the balance: green when more agree, red when more disagree, grey when even. */
export const BALANCE_COLOR: ExpressionSpecification = [
  'case',
  ['>', ['get', 'balance'], 0.1],
  '#1b7f3b',
  ['<', ['get', 'balance'], -0.1],
  '#b3261e',
  '#4b5563',
];

export const CLUSTER_RADIUS: DataDrivenPropertyValueSpecification<number> = [
  'interpolate',
  ['linear'],
  ['get', 'point_count'],
  2,
  16,
  50,
  28,
];
