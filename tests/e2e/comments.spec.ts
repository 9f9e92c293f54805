import { expect, test, type AppDriver } from './driver.ts';

/** Comments are read by everyone, written and reported by signed-in people; proposals are reported too. */

/** Opens one of the oldest proposals of a district (stable: new ones go to the top), one district per project. */
async function openOldest(app: AppDriver, fromEnd: number, project: string): Promise<void> {
  await app.open(`/?view=list&status=new&district=${project === 'desktop' ? 2 : 5}`);
  await expect(app.proposalItems.first()).toBeVisible();
  await app.proposalItems
    .nth((await app.proposalItems.count()) - fromEnd)
    .getByRole('button')
    .click();
  await expect(comments(app)).toHaveAttribute('aria-busy', 'false');
}

const comments = (app: AppDriver) => app.sheet.getByRole('region', { name: /^Comments/ });

test('a resident comments, reports a comment and the proposal', async ({ app }, testInfo) => {
  const body = `Sono d'accordo (${testInfo.project.name} ${Date.now()})`;
  await app.open();
  await app.signIn('resident@demo.local');
  await openOldest(app, 1, testInfo.project.name);
  const before = await comments(app).getByRole('listitem').count();

  await comments(app).getByLabel('Your comment').fill(body);
  await comments(app).getByRole('button', { name: 'Send the comment' }).click();
  await expect(comments(app).getByRole('listitem')).toHaveCount(before + 1);
  await expect(comments(app).getByRole('listitem').last()).toContainText(body);
  await expect(comments(app).getByLabel('Your comment')).toHaveValue('');

  // Report a comment.
  await comments(app).getByRole('listitem').first().getByRole('button', { name: 'Report this comment' }).click();
  const commentReport = app.sheet.getByRole('form', { name: 'Report this comment' });
  await commentReport.getByLabel('Reason').selectOption({ label: 'Off topic' });
  expect(await app.seriousA11yViolations()).toEqual([]);
  await commentReport.getByRole('button', { name: 'Send the report' }).click();
  await expect(app.sheet.getByText('Thank you. A moderator will look at it.')).toBeVisible();

  // Report the proposal, then try again after a reload: already done.
  await app.sheet.getByRole('button', { name: 'Report this proposal' }).click();
  const report = app.sheet.getByRole('form', { name: 'Report this proposal' });
  await report.getByLabel('Details (optional)').fill('Not in this district');
  await report.getByRole('button', { name: 'Send the report' }).click();
  await expect(app.sheet.getByText('Thank you. A moderator will look at it.')).toHaveCount(2);

  await app.waitForSheetLoaded();
  await app.page.reload();
  await app.sheet.getByRole('button', { name: 'Report this proposal' }).click();
  app.expectFailure('POST', /\/rest\/v1\/reports/, 400);
  await app.sheet
    .getByRole('form', { name: 'Report this proposal' })
    .getByRole('button', { name: 'Send the report' })
    .click();
  await expect(app.sheet.getByRole('alert')).toHaveText('You have already reported this.');
});

test('a visitor reads comments and is asked to sign in to write one', async ({ app }, testInfo) => {
  await openOldest(app, 2, testInfo.project.name);
  await comments(app).getByLabel('Your comment').fill('Bella idea');
  await comments(app).getByRole('button', { name: 'Sign in to comment' }).click();
  await expect(app.page.getByText('Sign in to comment. What you typed is kept.')).toBeVisible();
  await app.signIn('resident2@demo.local');
  await expect(comments(app).getByLabel('Your comment')).toHaveValue('Bella idea');
  await expect(comments(app).getByRole('button', { name: 'Send the comment' })).toBeVisible();
});
