import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * `vite` (dev server) answers /config.json and /city/* the way the app server does, so that
 * hot-reloading the app works against a stack started apart (`npm run stack`, same env vars).
 */
function appServerRoutes(): Plugin {
  return {
    name: 'idea-map:app-server-routes',
    apply: 'serve',
    async configureServer(server) {
      if (process.env.VITEST) return;
      const [{ createAppHandler }, { loadConfig }] = await Promise.all([
        import('./scripts/app-server.ts'),
        import('./supabase/local/config.ts'),
      ]);
      const handler = createAppHandler({
        distDir: undefined,
        config: loadConfig(),
        origin: () => server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://127.0.0.1:5173',
      });
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        if (path === '/config.json' || path.startsWith('/city/')) handler(req, res);
        else next();
      });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), appServerRoutes()],
  build: {
    // MapLibre alone is ~1 MB minified; the real budget is checked by `npm run bench:app`.
    chunkSizeWarningLimit: 1500,
  },
});
