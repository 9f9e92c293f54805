import { expect, test } from './driver.ts';

/** Signing up, and switching the language. */

test('a visitor creates an account and is signed in at once', async ({ app }, testInfo) => {
  const email = `new-${testInfo.project.name}-${Date.now()}@example.org`;
  await app.open();
  await app.openSignIn();
  await app.account.page().getByRole('button', { name: 'Create an account' }).click();
  const form = app.page.getByRole('form', { name: 'Create an account' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill('short');
  await form.getByRole('button', { name: 'Create my account' }).click();
  await expect(form.getByRole('alert')).toHaveText('The password needs at least 8 characters.');
  expect(await app.seriousA11yViolations()).toEqual([]);
  await form.getByLabel('Password').fill('a-long-enough-password');
  await form.getByRole('button', { name: 'Create my account' }).click();
  await expect(app.account).toContainText('Signed in as');
  await expect(app.account).toContainText(email.split('@')[0]!);
});

test('the language switches to French and back, and the choice is kept', async ({ app }) => {
  await app.open('/?view=list');
  await app.page.getByRole('button', { name: 'Français' }).click();
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(app.page.getByRole('button', { name: 'Proposer', exact: true })).toBeVisible();
  await expect(app.page.getByRole('region', { name: /^Propositions/ })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  await app.page.reload();
  await expect(app.page.getByRole('searchbox', { name: 'Rechercher des propositions' })).toBeVisible();
  await app.page.getByRole('button', { name: 'English' }).click();
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(app.proposeButton).toBeVisible();
});
