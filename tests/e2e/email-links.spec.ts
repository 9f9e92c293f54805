import { expect, test, type AppDriver } from './driver.ts';

/** Sign-in by a link sent to the local mailbox, and choosing a new password after a reset link. */

/** The newest link of `kind` sent to `email`, read from the local stack's mailbox. */
async function linkFromMailbox(email: string, kind: string): Promise<string> {
  const url = `http://127.0.0.1:${process.env.E2E_MAILBOX_PORT}/api/messages?to=${encodeURIComponent(email)}`;
  let link = '';
  await expect(async () => {
    const mails = (await (await fetch(url)).json()) as { kind: string; text: string }[];
    const mail = mails.find((m) => m.kind === kind);
    link = mail?.text.match(/https?:\/\/\S+/)?.[0] ?? '';
    expect(link).not.toBe('');
  }).toPass({ timeout: 15_000 });
  return link;
}

async function signUp(app: AppDriver, email: string, password: string): Promise<void> {
  await app.openSignIn();
  await app.page.getByRole('button', { name: 'Create an account' }).click();
  const form = app.page.getByRole('form', { name: 'Create an account' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Create my account' }).click();
  await expect(app.account).toContainText('Signed in as');
}

test.skip(!process.env.E2E_MAILBOX_PORT, 'needs the local mailbox');

test('a resident signs in with a link sent by email', async ({ app }, testInfo) => {
  const email = `link-${testInfo.project.name}-${Date.now()}@example.org`;
  await app.open();
  await signUp(app, email, 'first-password-1');
  await app.signOut();

  await app.openSignIn();
  await app.emailField.fill(email);
  await app.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(app.page.getByText('Check your email: we sent you a sign-in link.')).toBeVisible();
  await app.page.goto(await linkFromMailbox(email, 'magic_link'));
  await expect(app.account).toContainText('Signed in as');
});

test('a resident who forgot the password chooses a new one', async ({ app }, testInfo) => {
  const email = `reset-${testInfo.project.name}-${Date.now()}@example.org`;
  await app.open();
  await signUp(app, email, 'first-password-1');
  await app.signOut();

  await app.openSignIn();
  await app.emailField.fill(email);
  await app.page.getByRole('button', { name: 'Forgot your password?' }).click();
  await expect(app.page.getByText('Check your email: we sent you a link to choose a new password.')).toBeVisible();
  await app.page.goto(await linkFromMailbox(email, 'recovery'));
  const form = app.page.getByRole('form', { name: 'Choose a new password' });
  await form.getByLabel('New password').fill('second-password-2');
  expect(await app.seriousA11yViolations()).toEqual([]);
  await form.getByRole('button', { name: 'Save the password' }).click();
  await expect(app.page.getByText('Your new password is saved.')).toBeVisible();

  await app.signOut();
  await app.signIn(email, 'second-password-2');
});
