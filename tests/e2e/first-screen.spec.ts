import { CITY_LAYER_ORDER } from '../../src/map/layer-order.ts';
import { DEMO_PASSWORD, expect, test } from './driver.ts';

/**
 * The first screen proves the chain end to end: the city pack's offline basemap through the
 * pmtiles protocol, the districts from the database through supabase-js, and sign-in through the
 * local auth service.
 */
const CITY = 'Firenze';
const QUARTIERI = ['Centro Storico', 'Campo di Marte', 'Gavinana Galluzzo', 'Isolotto Legnaia', 'Rifredi'];

test('the map of the city is drawn from the offline basemap', async ({ app }) => {
  await app.open();
  await expect(app.page.getByRole('heading', { level: 1, name: CITY })).toBeVisible();
  await expect(app.mapCanvas).toBeVisible();
  await app.waitForMapIdle();

  // The basemap comes in byte ranges of the one .pmtiles file.
  expect(app.basemapResponses.length).toBeGreaterThan(0);
  expect(app.basemapResponses.map((r) => r.status())).toEqual(app.basemapResponses.map(() => 206));
  // Something is drawn: streets, water and parks in many colours, not a blank canvas.
  expect(await app.mapColourCount()).toBeGreaterThan(20);
  await expect(app.attribution).toContainText('OpenStreetMap');
  // Our layers lie over the basemap in the registry's order.
  await expect(app.map).toHaveAttribute('data-layer-order', CITY_LAYER_ORDER.join(' '));
});

test('the page says it is loading from its first bytes, before any script, and the app replaces it', async ({
  app,
  page,
}) => {
  const html = await (await page.request.get('/')).text();
  expect(html).toMatch(
    /<div id="app"><p class="boot" role="status">Loading the map… · Chargement de la carte…<\/p><\/div>/,
  );
  await app.open();
  await expect(page.getByRole('heading', { level: 1, name: CITY })).toBeVisible();
  await expect(page.getByText('Loading the map…')).toHaveCount(0);
});

test('a visitor does not download the sign-in library until they sign in', async ({ app }) => {
  // Script files fetched from the server (MapLibre's worker starts from a blob: not a download).
  const scripts: Promise<string>[] = [];
  app.page.on('response', (response) => {
    if (response.request().resourceType() === 'script' && response.url().startsWith('http')) {
      scripts.push(response.text());
    }
  });
  const loadsAuth = async () => (await Promise.all(scripts)).some((body) => body.includes('GoTrueClient'));
  await app.open();
  await app.waitForMapIdle();
  expect(await app.drawnProposals()).toBeGreaterThan(0);
  expect(await loadsAuth()).toBe(false);
  await app.signIn('resident@demo.local');
  expect(await loadsAuth()).toBe(true);
});

test('the districts are listed for screen readers', async ({ app }) => {
  await app.open();
  const items = app.districtList(CITY);
  await expect(items).toHaveCount(QUARTIERI.length);
  for (const name of QUARTIERI) await expect(items.filter({ hasText: name })).toHaveCount(1);
});

test('a resident signs in, sees who is signed in, and signs out', async ({ app }) => {
  await app.open();
  await app.signIn('resident@demo.local');
  await expect(app.signInForm).toBeHidden();

  // The session survives a reload.
  await app.page.reload();
  await expect(app.account).toContainText('Signed in as resident@demo.local');

  await app.signOut();
  await app.page.reload();
  await expect(app.account.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password is explained in plain words and what was typed is kept', async ({ app }) => {
  await app.open();
  app.expectFailure('POST', /\/auth\/v1\/token\?grant_type=password/, 400);
  await app.submitSignIn('resident@demo.local', 'not-the-password');

  await expect(app.signInError).toHaveText('Wrong email or password. Check them and try again.');
  await expect(app.emailField).toHaveValue('resident@demo.local');
  await expect(app.account).not.toContainText('Signed in as');

  // Correcting the password is enough: the email is still there.
  await app.passwordField.fill(DEMO_PASSWORD);
  await app.signInForm.getByRole('button', { name: 'Sign in' }).click();
  await expect(app.account).toContainText('Signed in as resident@demo.local');
});

test('an empty form is refused before anything is sent', async ({ app }) => {
  await app.open();
  await app.openSignIn();
  await app.signInForm.getByRole('button', { name: 'Sign in' }).click();
  await expect(app.signInError).toHaveText('Enter your email and your password.');
});

test('the screen has no serious accessibility problem, signed out and with the sign-in form open', async ({ app }) => {
  await app.open();
  await app.waitForMapIdle();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await app.openSignIn();
  expect(await app.seriousA11yViolations()).toEqual([]);
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('the screen speaks French when the browser does', async ({ app }) => {
    await app.open();
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(app.page.getByRole('region', { name: 'Compte' }).getByRole('button')).toHaveText('Se connecter');
    await expect(app.page.getByRole('heading', { name: `Quartiers de ${CITY}` })).toBeAttached();
  });
});
