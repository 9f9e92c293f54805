import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { writeSiteFiles, type SiteFilesOptions } from './site-files.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The app (vite build) into `outDir`, then its config.json and the city's basemap files. */
export async function buildSite(options: SiteFilesOptions): Promise<void> {
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: options.outDir, emptyOutDir: true } });
  writeSiteFiles(options);
}
