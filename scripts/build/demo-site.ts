import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startAppServer } from '../app-server.ts';
import { loadCity } from '../../supabase/local/city/load-city.ts';
import { freePort } from '../../harness/ports.ts';
import { startTestStack, type TestStack } from '../../harness/stack.ts';
import { writeSiteFiles } from './site-files.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoSite {
  /** Where the built app is served. */
  url: string;
  /** The built site, for reading its files. */
  outDir: string;
  test: TestStack;
  stop(): Promise<void>;
}

/**
 * The app built into a temp folder and served on a free port, in front of a stack seeded with the
 * Florence demo on PGlite: what the benchmarks and the screenshots look at.
 */
export async function startDemoSite(name: string, env: NodeJS.ProcessEnv = {}): Promise<DemoSite> {
  const outDir = mkdtempSync(join(os.tmpdir(), `${name}-dist-`));
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const test = await startTestStack('pglite', {
    SEED_DEMO: '1',
    CITY_PACK: join(ROOT, '../shared/city-packs/firenze'),
    ...env,
  });
  const { apiUrl, anonKey, cityPack } = test.config;
  writeSiteFiles({ outDir, apiUrl, anonKey, city: loadCity(cityPack) });
  const app = await startAppServer({ host: '127.0.0.1', port: await freePort(), distDir: outDir });
  return {
    url: app.url,
    outDir,
    test,
    async stop() {
      await app.close();
      await test.stop();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
