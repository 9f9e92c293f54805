import type { DistrictLayer } from './types.ts';

/** Key, name and population of a district feature, with safe fallbacks. */
export function districtLabel(
  layer: DistrictLayer,
  index: number,
): { key: string; name: string; population: number | null } {
  const feature = layer.features[index];
  const properties = feature?.properties ?? {};
  const id = feature?.id;
  const key = id !== undefined ? String(id) : typeof properties.slug === 'string' ? properties.slug : String(index);
  const name = typeof properties.name === 'string' && properties.name.trim() !== '' ? properties.name : key;
  const population =
    typeof properties.population === 'number' && Number.isFinite(properties.population) && properties.population > 0
      ? properties.population
      : null;
  return { key, name, population };
}
