import { resizePhoto } from '../../src/features/propose/resize-photo.ts';
import { expect, test } from './driver.ts';
import { drawnJpeg, jpegInfo, withExifGps } from './jpeg.ts';

/**
 * Proposing: the crosshair placed with the arrow keys, a place outside the city refused in plain
 * words, a short form whose draft survives a reload, and the proposal on the map and in the list.
 */

test('a resident places a proposal with the crosshair and sends it', async ({ app }, testInfo) => {
  const title = `Fontanella in piazza ${testInfo.project.name} ${Date.now()}`;
  await app.open();
  await app.signIn('resident@demo.local');

  await app.proposeButton.click();
  await expect(app.placement).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  // Far north of the city: refused with a sentence.
  for (let i = 0; i < 8; i += 1) await app.page.keyboard.press('ArrowUp');
  await app.page.getByRole('button', { name: 'Place it here' }).click();
  await expect(app.placement.getByRole('alert')).toHaveText(
    'This place is outside Firenze. Choose a place inside the city.',
  );

  // Back over the city: accepted.
  for (let i = 0; i < 8; i += 1) await app.page.keyboard.press('ArrowDown');
  await expect(async () => {
    await app.page.getByRole('button', { name: 'Place it here' }).click();
    await expect(app.proposeForm).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(app.proposeForm).toContainText(
    /In (Centro Storico|Campo di Marte|Gavinana Galluzzo|Isolotto Legnaia|Rifredi)/,
  );

  await app.proposeForm.getByLabel('Title').fill(title);
  await app.proposeForm.getByLabel('Description (optional)').fill('Una fontanella per chi passa.');

  // The draft is kept on the device across a reload.
  await app.page.reload();
  await expect(app.proposeForm.getByLabel('Title')).toHaveValue(title);

  // Sending without a category is refused before anything is sent.
  await app.proposeForm.getByRole('button', { name: 'Send the proposal' }).click();
  await expect(app.proposeForm.getByRole('alert')).toHaveText('Choose a category.');
  await app.proposeForm.getByLabel('Category').selectOption({ label: 'Public space' });
  expect(await app.seriousA11yViolations()).toEqual([]);
  await app.proposeForm.getByRole('button', { name: 'Send the proposal' }).click();

  await expect(app.sheet.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await app.expectSelectedOnMap();
  await app.showList();
  // Other specs add proposals to the same stack meanwhile: look for this one, exactly once.
  await expect(app.proposalList.getByRole('button', { name: new RegExp(title) })).toHaveCount(1);
  await expect(app.proposalList.getByRole('button', { name: new RegExp(title) })).toBeVisible();

  // Sent: the draft is gone.
  await app.showMap();
  await app.waitForSheetLoaded();
  await app.page.reload();
  await expect(app.proposeForm).toBeHidden();
});

test('a visitor who taps Propose signs in, then places the proposal', async ({ app }) => {
  await app.open();
  await app.proposeButton.click();
  await expect(app.page.getByText('Sign in to propose. You will continue where you left off.')).toBeVisible();
  await app.signIn('resident2@demo.local');
  await expect(app.placement).toBeVisible();
  await app.placement.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.placement).toBeHidden();
});

test('the photo is resized and loses its EXIF in the browser (the function the form uses)', async ({ app }) => {
  await app.open();
  const original = withExifGps(await drawnJpeg(app.page, 2400, 1800));
  expect(jpegInfo(original)).toEqual({ exif: true, width: 2400, height: 1800 });
  // The very function the form uses, run in the page, where a canvas exists.
  const base64 = await app.page.evaluate(
    async ({ source, input }) => {
      const resize = (0, eval)(`(${source})`) as (file: Blob) => Promise<Blob>;
      const bytes = Uint8Array.from(atob(input), (c) => c.charCodeAt(0));
      const out = new Uint8Array(await (await resize(new Blob([bytes], { type: 'image/jpeg' }))).arrayBuffer());
      let text = '';
      for (const byte of out) text += String.fromCharCode(byte);
      return btoa(text);
    },
    { source: resizePhoto.toString(), input: original.toString('base64') },
  );
  expect(jpegInfo(Buffer.from(base64, 'base64'))).toEqual({ exif: false, width: 1600, height: 1200 });
});

test('a resident proposes with a photo: progress shown, photo on the sheet, stored without EXIF', async ({
  app,
}, testInfo) => {
  const title = `Panchina con foto ${testInfo.project.name} ${Date.now()}`;
  await app.open();
  await app.signIn('resident@demo.local');
  const photo = withExifGps(await drawnJpeg(app.page, 2400, 1800));

  await app.proposeButton.click();
  await expect(async () => {
    await app.page.getByRole('button', { name: 'Place it here' }).click();
    await expect(app.proposeForm).toBeVisible({ timeout: 1000 });
  }).toPass();
  await app.proposeForm.getByLabel('Title').fill(title);
  await app.proposeForm.getByLabel('Category').selectOption({ label: 'Public space' });
  await app.proposeForm.getByLabel('Photo (optional)').setInputFiles({
    name: 'panchina.jpg',
    mimeType: 'image/jpeg',
    buffer: photo,
  });
  await expect(app.proposeForm.getByRole('img', { name: 'Preview of your photo' })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  // A refused upload (here: too large) is explained, and nothing typed or chosen is lost.
  const uploads = /\/storage\/v1\/object\/proposal-photos\//;
  await app.page.route(uploads, (route) =>
    route.fulfill({ status: 413, contentType: 'application/json', body: '{"message":"too large"}' }),
  );
  app.expectFailure('POST', uploads, 413);
  await app.proposeForm.getByRole('button', { name: 'Send the proposal' }).click();
  await expect(app.proposeForm.getByRole('alert')).toHaveText(
    'Some of what you entered is not valid. Check it and try again.',
  );
  await expect(app.proposeForm.getByLabel('Title')).toHaveValue(title);
  await expect(app.proposeForm.getByRole('img', { name: 'Preview of your photo' })).toBeVisible();
  await app.page.unroute(uploads);

  // A slow upload link, so that the progress can be seen.
  const cdp = await app.page.context().newCDPSession(app.page);
  await cdp.send('Network.enable');
  const link = { offline: false, latency: 0, downloadThroughput: -1 };
  await cdp.send('Network.emulateNetworkConditions', { ...link, uploadThroughput: 40_000 });
  await app.proposeForm.getByRole('button', { name: 'Send the proposal' }).click();
  await expect(app.proposeForm.getByRole('progressbar', { name: 'Sending the photo' })).toBeVisible();
  await cdp.send('Network.emulateNetworkConditions', { ...link, uploadThroughput: -1 });

  await expect(app.sheet.getByRole('heading', { level: 2, name: title })).toBeVisible();
  const image = app.sheet.getByRole('img', { name: title });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1600);

  // The stored object, downloaded through the Storage API: resized, and no EXIF left.
  const stored = await app.page.request.get((await image.getAttribute('src'))!);
  expect(stored.headers()['content-type']).toBe('image/jpeg');
  expect(jpegInfo(await stored.body())).toEqual({ exif: false, width: 1600, height: 1200 });
});
