import type { Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, test } from './driver.ts';

/**
 * The whole propose-and-vote journey with the keyboard alone: Tab / Shift+Tab to move, Enter or
 * Space to press, typing into fields, typeahead in selects. No click, no tap.
 */

/** Tabs (forwards, or backwards with `back`) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, back = false): Promise<void> {
  const handle = await target.elementHandle({ timeout: 15_000 });
  for (let i = 0; i < 120; i += 1) {
    if (await handle!.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${target.toString()} with ${back ? 'Shift+Tab' : 'Tab'}`);
}

test('a resident signs in, proposes and votes with the keyboard alone', async ({ app }, testInfo) => {
  const { page } = app;
  const title = `Rastrelliera bici tastiera ${testInfo.project.name} ${Date.now()}`;
  await app.open();
  await app.waitForMapIdle();

  // Sign in.
  await tabTo(page, app.account.getByRole('button', { name: 'Sign in' }));
  await page.keyboard.press('Enter');
  await tabTo(page, app.emailField);
  await page.keyboard.type('resident@demo.local');
  await page.keyboard.press('Tab');
  await expect(app.passwordField).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(app.account).toContainText('Signed in as resident@demo.local');

  // Propose: choose a district (the cross moves to it), then nudge it with the arrow keys.
  await tabTo(page, app.proposeButton);
  await page.keyboard.press('Enter');
  await expect(app.placement).toBeVisible();
  const before = await app.map.getAttribute('data-center');
  await tabTo(page, app.placement.getByLabel('Or choose a district'));
  await page.keyboard.type('Rifredi');
  await expect(app.placement.getByLabel('Or choose a district')).toHaveValue(/.+/);
  await expect(app.map).not.toHaveAttribute('data-center', before!);
  await tabTo(page, app.placement.getByRole('button', { name: 'Place it here' }));
  const chosen = await app.map.getAttribute('data-center');
  await page.keyboard.press('ArrowRight');
  await expect(app.map).not.toHaveAttribute('data-center', chosen!);
  await page.keyboard.press('ArrowLeft');
  await expect(app.map).toHaveAttribute('data-center', chosen!);
  await page.keyboard.press('Enter');
  await expect(app.proposeForm).toBeVisible();
  await expect(app.proposeForm).toContainText('In Rifredi');

  // The form.
  await tabTo(page, app.proposeForm.getByLabel('Title'));
  await page.keyboard.type(title);
  await page.keyboard.press('Tab');
  await expect(app.proposeForm.getByLabel('Description (optional)')).toBeFocused();
  await page.keyboard.type('Posti per le biciclette davanti alla biblioteca.');
  await page.keyboard.press('Tab');
  await expect(app.proposeForm.getByLabel('Category')).toBeFocused();
  await page.keyboard.type('Mobility');
  await expect(app.proposeForm.getByLabel('Category')).not.toHaveValue('');
  await tabTo(page, app.proposeForm.getByRole('button', { name: 'Send the proposal' }));
  await page.keyboard.press('Enter');
  await expect(app.sheet.getByRole('heading', { level: 2, name: title })).toBeFocused();

  // Close the sheet, find the proposal in the list, open it and agree.
  await tabTo(page, app.sheet.getByRole('button', { name: 'Close' }));
  await page.keyboard.press('Enter');
  await expect(app.sheet).toBeHidden();
  await tabTo(page, page.getByRole('button', { name: 'Show the proposals as a list' }), true);
  await page.keyboard.press('Enter');
  await expect(app.proposalList).toBeVisible();
  await tabTo(page, app.proposalList.getByRole('button', { name: new RegExp(title) }));
  await page.keyboard.press('Enter');
  await expect(app.sheet.getByRole('heading', { level: 2, name: title })).toBeFocused();
  await app.waitForSheetLoaded();
  await tabTo(page, app.agreeButton());
  await page.keyboard.press('Space');
  await expect(app.agreeButton()).toHaveAttribute('aria-pressed', 'true');
  await expect(app.sheet).toContainText('You agree');
  expect(await app.voteCount(app.agreeButton())).toBe(1);
  expect(await app.seriousA11yViolations()).toEqual([]);
});
