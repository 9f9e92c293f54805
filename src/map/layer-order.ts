/**
 * Every layer and source the app adds over a basemap: the one registry of their ids and of their
 * drawing order. Each map lists its layers bottom to top (object keys keep their order); its
 * `Layers` component mounts the layer components in that order, and every layer component and
 * every `queryRenderedFeatures` call names its layers from here, so a renamed id breaks the type check.
 */
export const CITY_LAYERS = {
  districtsFill: 'districts-fill',
  districtsOutline: 'districts-outline',
  districtsLabels: 'districts-labels',
  proposalsClusters: 'proposals-clusters',
  proposalsClusterCount: 'proposals-cluster-count',
  proposalsBubbles: 'proposals-bubbles',
  proposalsSelected: 'proposals-selected',
} as const;

/** The planners' dashboard: districts coloured by the chosen figure. */
export const CHOROPLETH_LAYERS = {
  fill: 'choropleth-fill',
  outline: 'choropleth-outline',
} as const;

export type CityLayerId = (typeof CITY_LAYERS)[keyof typeof CITY_LAYERS];
export type ChoroplethLayerId = (typeof CHOROPLETH_LAYERS)[keyof typeof CHOROPLETH_LAYERS];
export type LayerId = CityLayerId | ChoroplethLayerId;

/** Bottom to top. */
export const CITY_LAYER_ORDER: readonly CityLayerId[] = Object.values(CITY_LAYERS);
export const CHOROPLETH_LAYER_ORDER: readonly ChoroplethLayerId[] = Object.values(CHOROPLETH_LAYERS);

export const SOURCES = {
  districts: 'districts',
  districtLabels: 'district-labels',
  proposals: 'proposals',
  selectedProposal: 'selected-proposal',
  choropleth: 'choropleth-districts',
} as const;

/**
 * The registry's layers as the map holds them, bottom to top (the basemap's own left out): equal
 * to the registry's order when the components were mounted as they should be. Exposed for tests.
 */
export function drawnOrder(styleLayerIds: readonly string[], order: readonly LayerId[]): string[] {
  const ours = new Set<string>(order);
  return styleLayerIds.filter((id) => ours.has(id));
}
