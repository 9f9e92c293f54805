import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * `vite` (dev server) answers /config.json and /city/* from the same files `npm run build` writes
 * (generated into Vite's cache folder), so that hot-reloading the app works against a stack
 * started apart (`npm run stack`, same env vars).
 */
function siteFiles(): Plugin {
  return {
    name: 'idea-map:site-files',
    apply: 'serve',
    async configureServer(server) {
      if (process.env.VITEST) return;
      const [{ createAppHandler }, { writeSiteFiles }, { loadConfig }, { loadCity }] = await Promise.all([
        import('./scripts/app-server.ts'),
        import('./scripts/build/site-files.ts'),
        import('./supabase/local/config.ts'),
        import('./supabase/local/city/load-city.ts'),
      ]);
      const config = loadConfig();
      const outDir = join(server.config.cacheDir, 'site-files');
      writeSiteFiles({ outDir, apiUrl: config.apiUrl, anonKey: config.anonKey, city: loadCity(config.cityPack) });
      const handler = createAppHandler(outDir);
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        if (path === '/config.json' || path.startsWith('/city/')) handler(req, res);
        else next();
      });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), siteFiles()],
  build: {
    // MapLibre alone is ~1 MB minified; the real budget is checked by `npm run bench:app`.
    chunkSizeWarningLimit: 1500,
  },
});
