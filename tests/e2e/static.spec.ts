import type { Download } from '@playwright/test';
import { createClient } from '@supabase/supabase-js';
import { DEMO_PASSWORD } from './driver.ts';
import { expect, test } from './static-site.ts';

/**
 * Smoke journeys against the site of `npm run build` behind plain nginx (tests/e2e/static-site.ts):
 * the basemap, the routes, sign-in, votes, moderation and downloads work with nothing but files.
 */

test.describe.configure({ mode: 'serial' });
// One stack, a build and nginx for four journeys; generous on a busy machine.
test.setTimeout(120_000);

test('a visitor opens a deep link and browses the map with its offline basemap', async ({ app, site }) => {
  await app.open('/moderation-log');
  await app.open('/');
  await app.waitForMapIdle();
  await expect(app.districtList('Firenze')).toHaveCount(5);
  expect(await app.drawnProposals()).toBeGreaterThan(0);
  // Tiles by HTTP range requests to nginx, glyphs from the site's own folder.
  expect(app.basemapResponses.length).toBeGreaterThan(0);
  expect(app.basemapResponses.every((r) => r.status() === 206 && r.url().startsWith(site.url))).toBe(true);
  const glyph = await app.page.request.get('/city/glyphs/Noto%20Sans%20Regular/0-255.pbf');
  expect(glyph.status()).toBe(200);
  await app.showList();
  await expect(app.proposalItems.first()).toBeVisible();
});

test('a resident signs in and votes', async ({ app }) => {
  await app.open('/?view=list&status=new&district=2');
  await app.signIn('resident@demo.local');
  await expect(app.proposalItems.first()).toBeVisible();
  await app.proposalItems.last().getByRole('button').click();
  await expect(app.agreeButton()).toBeVisible();
  const withdraw = app.sheet.getByRole('button', { name: 'Withdraw my vote' });
  await expect(app.sheet.getByText(/^You (agree|disagree|have not voted yet)\./)).toBeVisible();
  if (await withdraw.isVisible()) await withdraw.click();
  await app.agreeButton().click();
  await expect(app.sheet).toContainText('You agree.');
  await app.waitForSheetLoaded();
  await app.page.reload();
  await expect(app.agreeButton()).toHaveAttribute('aria-pressed', 'true');
});

test('an agent hides a proposal of their district', async ({ app, site }) => {
  const title = `Cartelloni abusivi ${Date.now()}`;
  const resident = createClient(site.apiUrl, (await (await fetch(`${site.url}/config.json`)).json()).anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  await resident.auth.signInWithPassword({ email: 'resident2@demo.local', password: DEMO_PASSWORD });
  const category = await resident.from('categories').select('id').order('sort_order').limit(1).single();
  const inserted = await resident
    .from('proposals')
    .insert({ title, category_id: category.data!.id, location: { type: 'Point', coordinates: [11.2555, 43.7725] } })
    .select('id')
    .single();
  expect(inserted.error).toBeNull();

  await app.open('/moderation');
  await app.signIn('agent@demo.local');
  await app.page.getByRole('button', { name: 'Find a proposal' }).click();
  await app.page.getByLabel('Title of a proposal in your districts').fill(title);
  await app.page.getByRole('list', { name: 'Proposals found' }).getByRole('button', { name: title }).click();
  const decide = app.page.getByRole('form', { name: 'Decide' });
  await decide.getByLabel('Reason').selectOption({ label: 'Offensive or hateful' });
  await decide.getByRole('button', { name: 'Hide' }).click();
  await expect(app.page.getByText(`Hidden: “${title}”.`)).toBeVisible();
});

test('a planner downloads the figures by district', async ({ app }) => {
  await app.open();
  await app.signIn('planner@demo.local');
  await app.page.getByRole('button', { name: 'Menu' }).click();
  await app.page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(app.page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible();
  const [download]: [Download, void] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.getByRole('button', { name: 'Summary by district (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^firenze_summary-by-district_/i);
});
