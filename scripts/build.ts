/**
 * `npm run build`: a static site in `dist/` that any static server can host (docs/deploy.md):
 * the app, config.json, and the city pack's basemap, style and glyphs.
 *
 *   SUPABASE_URL, SUPABASE_ANON_KEY   the project the app talks to [the local stack's, as `npm start`]
 *   CITY_PACK                         the city pack folder [the synthetic demo city]
 *   OUT_DIR                           where to write the site [dist]
 */
import { resolve } from 'node:path';
import { loadCity } from '../supabase/local/city/load-city.ts';
import { loadConfig } from '../supabase/local/config.ts';
import { buildSite } from './build/build-site.ts';

const env = process.env;
const local = loadConfig(env);
const apiUrl = (env.SUPABASE_URL || local.apiUrl).replace(/\/+$/, '');
const anonKey = env.SUPABASE_ANON_KEY || local.anonKey;
const outDir = resolve(env.OUT_DIR || 'dist');

try {
  const city = loadCity(local.cityPack);
  await buildSite({ outDir, apiUrl, anonKey, city });
  console.log(
    [
      `Built ${outDir}`,
      `  API    ${apiUrl}${env.SUPABASE_URL ? '' : ' (the local stack: set SUPABASE_URL and SUPABASE_ANON_KEY for a project)'}`,
      `  City   ${city.info.name}${city.basemap ? ', with its offline basemap' : ', no basemap'}`,
      'Serve it with any static server that answers app routes with index.html (docs/deploy.md).',
    ].join('\n'),
  );
} catch (error) {
  console.error('npm run build failed:', error instanceof Error ? error.message : error);
  process.exit(1);
}
