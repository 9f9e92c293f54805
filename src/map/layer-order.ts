/**
 * Every layer the app adds over the basemap, bottom to top. Layers.svelte mounts the layer
 * components in this order; a new layer gets its id here first, so z-order is decided in one place.
 */
export const LAYER_ORDER = [
  'districts-fill',
  'districts-outline',
  'districts-labels',
  'proposals-clusters',
  'proposals-cluster-count',
  'proposals-bubbles',
  'proposals-selected',
] as const;

export type AppLayerId = (typeof LAYER_ORDER)[number];

export const SOURCES = {
  districts: 'districts',
  districtLabels: 'district-labels',
  proposals: 'proposals',
  selectedProposal: 'selected-proposal',
} as const;
