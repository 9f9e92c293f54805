import { validateDistrictLayer, type DistrictLayer, type LayerValidation } from '../../lib/geo/districts/index.ts';

/** Reads an uploaded file and validates it as a district layer (never throws). */
export async function readLayer(file: File): Promise<LayerValidation> {
  return validateDistrictLayer(await file.text());
}

/** ASCII, lowercase, dash-separated, as the city pack's loader makes slugs ("Gavinana Galluzzo" → "gavinana-galluzzo"). */
function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'district';
}

/**
 * A validated layer as the official import takes it: name, slug (given, else made from the name,
 * so that re-importing the city pack keeps each district's id) and population per feature.
 */
export function importPayload(layer: DistrictLayer): DistrictLayer {
  const seen = new Set<string>();
  return {
    type: 'FeatureCollection',
    features: layer.features.map((f) => {
      const name = String(f.properties?.name ?? '').trim();
      const given = f.properties?.slug;
      let slug = typeof given === 'string' && given ? slugify(given) : slugify(name);
      for (let n = 2; seen.has(slug); n += 1) slug = `${slugify(name)}-${n}`;
      seen.add(slug);
      const population = f.properties?.population;
      return {
        type: 'Feature',
        properties: { name, slug, population: typeof population === 'number' ? Math.round(population) : null },
        geometry: f.geometry,
      };
    }),
  };
}
