/**
 * `npm run screenshots`: regenerates docs/screenshots/ — the main screens on a phone (390×844)
 * and a desktop (1280×800): map, list, proposal sheet, propose form, and the other screens
 * (public moderation log, moderation, dashboard, admin) when they load. Builds the app into a
 * temp folder and serves it with a throwaway stack (PGlite, Florence pack, demo seed) on free
 * ports; Playwright drives Debian's Chromium (CHROMIUM_PATH to change it).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { startDemoSite } from './build/demo-site.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs/screenshots');
const PASSWORD = 'demo-password';
const DEVICES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;

const site = await startDemoSite('screenshots');
const { test } = site;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'],
});
mkdirSync(OUT, { recursive: true });

const { rows } = await test.stack.ctx.db.pool.query(
  `select id from public.proposals where moderation_state = 'published' and official_answer is not null order by id limit 1`,
);
const answered = String(rows[0]?.id ?? 1);

async function mapIdle(page: Page): Promise<void> {
  await page.locator('.city-map[data-map-idle="true"]').waitFor({ timeout: 60_000 });
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.getByRole('region', { name: 'Account' }).getByRole('button', { name: 'Sign in' }).click();
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as`).waitFor();
}

const shots: Record<string, (page: Page) => Promise<void>> = {
  map: async (page) => {
    await page.goto(`${site.url}/`);
    await mapIdle(page);
  },
  list: async (page) => {
    await page.goto(`${site.url}/?view=list`);
    await page
      .getByRole('region', { name: /^Proposals/ })
      .getByRole('listitem')
      .first()
      .waitFor();
  },
  sheet: async (page) => {
    await page.goto(`${site.url}/?p=${answered}`);
    await page.getByRole('complementary').getByRole('heading', { level: 2 }).waitFor();
    await mapIdle(page);
  },
  propose: async (page) => {
    await page.goto(`${site.url}/`);
    await signIn(page, 'resident@demo.local');
    await page.getByRole('button', { name: 'Propose', exact: true }).click();
    await page.getByRole('button', { name: 'Place it here' }).click();
    const form = page.getByRole('form', { name: 'Your proposal' });
    await form.getByLabel('Title').fill('Una fontanella in piazza');
    await form.getByLabel('Category').selectOption({ label: 'Public space' });
    await mapIdle(page);
  },
  'moderation-log': async (page) => {
    await page.goto(`${site.url}/moderation-log`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
  },
  moderation: async (page) => {
    await page.goto(`${site.url}/moderation`);
    await signIn(page, 'agent@demo.local');
    await page.waitForLoadState('networkidle');
  },
  dashboard: async (page) => {
    await page.goto(`${site.url}/dashboard`);
    await signIn(page, 'planner@demo.local');
    await page.waitForLoadState('networkidle');
  },
  admin: async (page) => {
    await page.goto(`${site.url}/admin`);
    await signIn(page, 'admin@demo.local');
    await page.waitForLoadState('networkidle');
  },
};

try {
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const [name, show] of Object.entries(shots)) {
      const context = await browser.newContext({ ...options, locale: 'en-GB' });
      const page = await context.newPage();
      try {
        await show(page);
        await page.screenshot({ path: join(OUT, `${name}-${device}.png`) });
        console.log(`docs/screenshots/${name}-${device}.png`);
      } catch (error) {
        console.warn(`skipped ${name} (${device}): ${error instanceof Error ? error.message.split('\n')[0] : error}`);
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await site.stop();
}
