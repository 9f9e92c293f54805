import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { freePort } from './harness/ports.ts';

/**
 * Browser tests against the app run exactly as `npm start` runs it (scripts/start.ts), on free
 * ports, with a fresh DATA_DIR, the demo seed and the Florence city pack.
 *
 * The config is evaluated again in every worker process: ports and the data folder are chosen
 * once, by the runner, and handed down through the environment the workers inherit.
 */
const ROOT = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;

if (!env.E2E_APP_PORT) {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-data-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  env.E2E_DATA_DIR = dataDir;
  env.E2E_APP_PORT = String(await freePort());
  env.E2E_API_PORT = String(await freePort());
  env.E2E_DB_PORT = String(await freePort());
  env.E2E_POSTGREST_PORT = String(await freePort());
  env.E2E_POSTGREST_ADMIN_PORT = String(await freePort());
  env.E2E_MAILBOX_PORT = String(await freePort());
}

const baseURL = env.E2E_BASE_URL ?? `http://127.0.0.1:${env.E2E_APP_PORT}`;

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // MapLibre draws through WebGL; without a GPU, Chromium's software rasteriser provides it.
      '--enable-unsafe-swiftshader',
    ],
  },
};

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  // One stack on PGlite serves every test; two workers keep it honest without overloading it.
  workers: 2,
  retries: env.CI ? 1 : 0,
  forbidOnly: !!env.CI,
  // Axe on a full page and MapLibre in software WebGL take seconds on a 2-core machine.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'phone',
      testIgnore: /(city-settings|static)\.spec\.ts/,
      use: {
        ...chromium,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        userAgent: devices['Pixel 7'].userAgent,
      },
    },
    {
      name: 'desktop',
      testIgnore: /(city-settings|static)\.spec\.ts/,
      use: { ...chromium, viewport: { width: 1280, height: 800 } },
    },
    {
      // The site of `npm run build` behind plain nginx, on a stack of its own (tests/e2e/static-site.ts).
      name: 'static',
      testMatch: /static\.spec\.ts/,
      use: { ...chromium, viewport: { width: 1280, height: 800 } },
    },
    {
      // The city-wide settings change what every other spec sees: changed only once they are done.
      name: 'settings',
      testMatch: /city-settings\.spec\.ts/,
      dependencies: ['phone', 'desktop'],
      use: { ...chromium, viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: env.E2E_BASE_URL
    ? undefined
    : {
        command: 'node --import tsx scripts/start.ts',
        cwd: ROOT,
        url: `${baseURL}/config.json`,
        timeout: 180_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
        env: {
          APP_PORT: env.E2E_APP_PORT!,
          API_PORT: env.E2E_API_PORT!,
          DB_PORT: env.E2E_DB_PORT!,
          POSTGREST_PORT: env.E2E_POSTGREST_PORT!,
          POSTGREST_ADMIN_PORT: env.E2E_POSTGREST_ADMIN_PORT!,
          MAILBOX_PORT: env.E2E_MAILBOX_PORT!,
          DATA_DIR: env.E2E_DATA_DIR!,
          SEED_DEMO: '1',
          CITY_PACK: join(ROOT, '../shared/city-packs/firenze'),
          // Several specs sign in with the same demo accounts; the limits themselves are tested elsewhere.
          AUTH_RATE_LIMIT_SIGN_IN: '10000',
          AUTH_RATE_LIMIT_VERIFY: '10000',
          AUTH_RATE_LIMIT_EMAIL: '10000',
          // Journeys sign up and go on at once; config.toml's confirmation emails are tested in tests/integration.
          AUTH_ENABLE_CONFIRMATIONS: '0',
        },
      },
});
