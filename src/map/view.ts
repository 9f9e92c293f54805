/** [west, south, east, north] */
export type Bounds = [number, number, number, number];

/** Screens are at most this many times taller than wide, or wider than tall. */
const MAX_ASPECT = 3;

/**
 * How far the map may be panned: the city's bounds grown on every side so that a screen of any
 * usual shape, showing the whole city, still fits inside. Too tight, and MapLibre zooms in to keep
 * a tall phone screen within them, cutting the city off (it happened with the synthetic city).
 */
export function panningRoom([west, south, east, north]: Bounds): Bounds {
  const pad = (Math.max(east - west, north - south) * MAX_ASPECT) / 2;
  return [west - pad, south - pad, east + pad, north + pad];
}

/** A place the map is asked to fly to; `seq` changes on every request, so one place can be asked twice. */
export interface MapFocus {
  lng: number;
  lat: number;
  seq: number;
  /** Put the place at the very centre (under the crosshair), not beside the proposal sheet. */
  centred?: boolean;
}

/** A request to move the view by screen pixels (arrow keys while placing a proposal). */
export interface MapPan {
  dx: number;
  dy: number;
  seq: number;
}
