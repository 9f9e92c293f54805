import { expect, test } from './driver.ts';

/**
 * Proposing: the crosshair placed with the arrow keys, a place outside the city refused in plain
 * words, a short form whose draft survives a reload, and the proposal on the map and in the list.
 */

test('a resident places a proposal with the crosshair and sends it', async ({ app }, testInfo) => {
  const title = `Fontanella in piazza ${testInfo.project.name} ${Date.now()}`;
  await app.open();
  await app.signIn('resident@demo.local');
  const before = await app.drawnProposals();

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
  await expect(app.proposalItems).toHaveCount(before + 1);
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
