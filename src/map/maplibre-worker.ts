import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

/**
 * MapLibre 6 looks for its worker next to its own module; once bundled, that module is gone. The
 * worker file ships as a hashed asset instead, and MapLibre is told where it is, before any map.
 */
setWorkerUrl(workerUrl);
