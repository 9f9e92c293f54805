import { expect, test } from './driver.ts';
import { apiClient, openAdminFromMenu, settingsForm } from './admin-helpers.ts';

/**
 * The city settings are one row that every other spec depends on (pre-moderation would hold their
 * new proposals back): this spec runs alone, in the `settings` project, after the phone and
 * desktop projects, and puts the defaults back whatever happens.
 */
test('an admin switches pre-moderation on and changes the threshold; both persist', async ({ app, baseURL }) => {
  await app.open();
  await app.signIn('admin@demo.local');
  await openAdminFromMenu(app);
  const threshold = settingsForm(app).getByLabel(
    'Reports before a proposal or comment is hidden automatically (1 to 100)',
  );
  const pre = settingsForm(app).getByRole('radio', { name: /^Pre-moderation/ });
  const post = settingsForm(app).getByRole('radio', { name: /^Post-moderation/ });
  const save = settingsForm(app).getByRole('button', { name: 'Save the settings' });

  try {
    await app.page.reload();
    await expect(post).toBeChecked();
    await expect(threshold).toHaveValue('3');

    // Out of range: refused, kept as typed.
    await threshold.fill('0');
    await save.click();
    await expect(settingsForm(app).getByRole('alert')).toHaveText('Enter a whole number from 1 to 100.');
    await expect(threshold).toHaveValue('0');

    await pre.check();
    await threshold.fill('2');
    await save.click();
    await expect(settingsForm(app).getByRole('status')).toHaveText('Settings saved.');
    expect(await app.seriousA11yViolations()).toEqual([]);

    await app.page.reload();
    await expect(pre).toBeChecked();
    await expect(threshold).toHaveValue('2');

    await post.check();
    await threshold.fill('3');
    await save.click();
    await expect(settingsForm(app).getByRole('status')).toHaveText('Settings saved.');
  } finally {
    const admin = await apiClient(baseURL!, 'admin@demo.local');
    await admin.from('city_settings').update({ moderation_mode: 'post', report_threshold: 3 }).eq('id', true);
  }
});
