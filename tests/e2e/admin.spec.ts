import { expect, test, type AppDriver } from './driver.ts';
import { apiClient, assignForm, openAdminFromMenu, settingsForm } from './admin-helpers.ts';

/** The admin screen: roles by email, and refusal for everyone else (city settings: city-settings.spec.ts). */

const holders = (app: AppDriver) => app.page.getByRole('region', { name: 'Current roles' });

test('an admin makes a resident agent of a district by email, who then moderates, and removes the role', async ({
  app,
  baseURL,
}, testInfo) => {
  const email = `new-agent-${testInfo.project.name}-${Date.now()}@example.test`;
  const password = 'agent-password-1';
  const signedUp = await (await apiClient(baseURL!)).auth.signUp({ email, password });
  expect(signedUp.error).toBeNull();

  await app.open();
  await app.signIn('admin@demo.local');
  await openAdminFromMenu(app);
  await expect(holders(app)).toContainText('agent@demo.local');

  // Unknown email: refused with a sentence, what was typed is kept.
  app.expectFailure('POST', /\/rest\/v1\/rpc\/assign_role/, 400);
  await assignForm(app).getByLabel('Email address of the person').fill('nobody@example.test');
  await assignForm(app).getByLabel('Centro Storico').check();
  await assignForm(app).getByRole('button', { name: 'Give the role' }).click();
  await expect(assignForm(app).getByRole('alert')).toHaveText(
    'No account uses this email address. The person must sign up first.',
  );
  await expect(assignForm(app).getByLabel('Email address of the person')).toHaveValue('nobody@example.test');
  await expect(assignForm(app).getByLabel('Centro Storico')).toBeChecked();

  await assignForm(app).getByLabel('Email address of the person').fill(email);
  await expect(assignForm(app).getByLabel('Role')).toHaveValue('agent');
  await assignForm(app).getByRole('button', { name: 'Give the role' }).click();
  await expect(assignForm(app).getByRole('status')).toHaveText(
    `Done: ${email} now has the role “Neighbourhood agent”.`,
  );
  const remove = holders(app).getByRole('button', {
    name: `Remove the role “Neighbourhood agent” (Centro Storico) of ${email}`,
  });
  await expect(remove).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  // The same role again: a sentence, nothing added.
  app.expectFailure('POST', /\/rest\/v1\/rpc\/assign_role/, 400);
  await assignForm(app).getByLabel('Email address of the person').fill(email);
  await assignForm(app).getByLabel('Centro Storico').check();
  await assignForm(app).getByRole('button', { name: 'Give the role' }).click();
  await expect(assignForm(app).getByRole('alert')).toHaveText(
    'This person already has this role (in these districts).',
  );
  await expect(remove).toHaveCount(1);

  // The new agent sees Moderation in the menu and opens it.
  // Leaves /admin within the app (a page load would cut the map's reads short).
  await app.page.getByRole('button', { name: 'Menu' }).click();
  await app.page.getByRole('link', { name: 'Public moderation log' }).click();
  await app.signOut();
  await app.signIn(email, password);
  await app.page.getByRole('button', { name: 'Menu' }).click();
  await expect(app.page.getByRole('link', { name: 'Roles and settings' })).toHaveCount(0);
  await app.page.getByRole('link', { name: 'Moderation', exact: true }).click();
  await expect(app.page).toHaveURL(/\/moderation$/);
  await expect(app.page.getByRole('heading', { level: 2, name: 'Moderation', exact: true })).toBeVisible();

  // The admin removes the role; the person is a resident again.
  await app.signOut();
  await app.signIn('admin@demo.local');
  await openAdminFromMenu(app);
  await remove.click();
  await expect(holders(app).getByRole('status')).toHaveText(
    `Removed: ${email} no longer has the role “Neighbourhood agent” (Centro Storico).`,
  );
  await expect(remove).toHaveCount(0);
  const person = await apiClient(baseURL!, email, password);
  const { data } = await person.from('user_roles').select('role');
  expect(data).toEqual([]);
});

test('a resident opening /admin is refused, and so is the database', async ({ app, baseURL }) => {
  await app.open('/admin');
  await expect(
    app.page.getByText('You are not allowed to use this screen: it is for the city’s admins.'),
  ).toBeVisible();

  // The screen asks the database, which refuses: once on sign-in, once after the reload.
  app.expectFailure('POST', /\/rest\/v1\/rpc\/role_holders/, 403);
  app.expectFailure('POST', /\/rest\/v1\/rpc\/role_holders/, 403);
  await app.signIn('resident@demo.local');
  await expect(
    app.page.getByText('You are not allowed to use this screen: it is for the city’s admins.'),
  ).toBeVisible();
  await app.page.reload();
  await expect(
    app.page.getByText('You are not allowed to use this screen: it is for the city’s admins.'),
  ).toBeVisible();
  await expect(assignForm(app)).toHaveCount(0);
  await expect(settingsForm(app)).toHaveCount(0);
  await app.page.getByRole('button', { name: 'Menu' }).click();
  await expect(app.page.getByRole('link', { name: 'Roles and settings' })).toHaveCount(0);
  expect(await app.seriousA11yViolations()).toEqual([]);

  const resident = await apiClient(baseURL!, 'resident@demo.local');
  const assigned = await resident.rpc('assign_role', { p_email: 'resident@demo.local', p_role: 'admin' });
  expect(assigned.error?.message).toBe('not_admin');
  const settings = await resident
    .from('city_settings')
    .update({ moderation_mode: 'pre' })
    .eq('id', true)
    .select('moderation_mode');
  expect(settings.data).toEqual([]);
});
