/** Stable codes of the problems validateDistrictLayer reports. */
export type LayerIssueCode =
  | 'layer_too_large'
  | 'layer_not_geojson'
  | 'layer_empty'
  | 'too_many_vertices'
  | 'geometry_unsupported'
  | 'position_invalid'
  | 'coordinates_out_of_range'
  | 'ring_too_short'
  | 'ring_not_closed'
  | 'ring_self_intersection'
  | 'hole_outside_shell'
  | 'name_missing'
  | 'districts_overlap'
  | 'layer_gaps';

export interface LayerIssue {
  code: LayerIssueCode;
  /** i18n key for the UI, e.g. `layer.ring_not_closed`. */
  key: string;
  en: string;
  fr: string;
  feature?: number;
  polygon?: number;
  ring?: number;
  /** Other feature, for overlaps. */
  other?: number;
  /** Approximate area in km², for overlaps and gaps. */
  areaKm2?: number;
}

const TEXT: Record<LayerIssueCode, [string, string]> = {
  layer_too_large: ['The file is larger than the size limit.', 'Le fichier dépasse la taille autorisée.'],
  layer_not_geojson: [
    'The file is not a GeoJSON FeatureCollection.',
    "Le fichier n'est pas une FeatureCollection GeoJSON.",
  ],
  layer_empty: ['The layer has no district.', 'La couche ne contient aucun secteur.'],
  too_many_vertices: ['The layer has more vertices than allowed.', 'La couche a plus de sommets que permis.'],
  geometry_unsupported: [
    'Only Polygon and MultiPolygon geometries are accepted.',
    'Seules les géométries Polygon et MultiPolygon sont acceptées.',
  ],
  position_invalid: [
    'A position is not a pair of numbers [longitude, latitude].',
    "Une position n'est pas une paire de nombres [longitude, latitude].",
  ],
  coordinates_out_of_range: [
    'Coordinates must be WGS84 longitude (−180…180) and latitude (−90…90).',
    'Les coordonnées doivent être en WGS84 : longitude (−180…180) et latitude (−90…90).',
  ],
  ring_too_short: ['A ring needs at least four positions.', 'Un anneau doit compter au moins quatre positions.'],
  ring_not_closed: ['A ring does not end where it starts.', 'Un anneau ne se referme pas sur son premier point.'],
  ring_self_intersection: ['A ring crosses itself.', 'Un anneau se recoupe lui-même.'],
  hole_outside_shell: ['A hole lies outside its polygon.', 'Un trou sort de son polygone.'],
  name_missing: ['A district has no name.', "Un secteur n'a pas de nom."],
  districts_overlap: ['Two districts overlap.', 'Deux secteurs se chevauchent.'],
  layer_gaps: ['There are gaps between the districts.', 'Il y a des vides entre les secteurs.'],
};

/** Builds an issue with its FR/EN sentences. */
export function layerIssue(
  code: LayerIssueCode,
  where: Omit<LayerIssue, 'code' | 'key' | 'en' | 'fr'> = {},
): LayerIssue {
  const [en, fr] = TEXT[code];
  return { code, key: `layer.${code}`, en, fr, ...where };
}
