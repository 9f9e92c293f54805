import { apiClient } from './admin-helpers.ts';
import { expect, test, type AppDriver } from './driver.ts';

/**
 * Voting: agree, change to disagree, withdraw; a withdrawal after voting closed is refused by the
 * server (no mock: an admin really declines the proposal) and the page keeps the vote and says
 * why; a visitor who taps "Agree" is asked to sign in and the vote is cast right after. Each project
 * (phone, desktop) votes on its own proposals, as the two run side by side on one database.
 */

/**
 * Opens one of the oldest open-for-voting proposals of a district (new proposals are added at the
 * top of the list, so counting from the end is stable), a different district per project.
 */
async function openOldest(app: AppDriver, fromEnd: number, project: string): Promise<string> {
  await app.open(`/?view=list&status=new&district=${project === 'desktop' ? 4 : 3}`);
  const items = app.proposalItems;
  await expect(items.first()).toBeVisible();
  await items
    .nth((await items.count()) - fromEnd)
    .getByRole('button')
    .click();
  await expect(app.agreeButton()).toBeVisible();
  return app.openProposalId()!;
}

/** The demo may hold a vote of this account on the proposal: withdraw it first. */
async function startWithoutVote(app: AppDriver): Promise<void> {
  const withdraw = app.sheet.getByRole('button', { name: 'Withdraw my vote' });
  await expect(app.sheet.getByText(/^You (agree|disagree|have not voted yet)\./)).toBeVisible();
  if (await withdraw.isVisible()) await withdraw.click();
  await expect(app.sheet).toContainText('You have not voted yet.');
}

test('a resident agrees, changes to disagree, then withdraws', async ({ app }, testInfo) => {
  await app.open();
  await app.signIn('resident@demo.local');
  await openOldest(app, 1, testInfo.project.name);
  await startWithoutVote(app);
  const agree = await app.voteCount(app.agreeButton());
  const disagree = await app.voteCount(app.disagreeButton());

  await app.agreeButton().click();
  await expect(app.agreeButton()).toHaveAttribute('aria-pressed', 'true');
  await expect(app.sheet).toContainText('You agree.');
  expect(await app.voteCount(app.agreeButton())).toBe(agree + 1);

  // The vote is stored: it is still there after a reload.
  await app.waitForSheetLoaded();
  await app.page.reload();
  await expect(app.agreeButton()).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => app.voteCount(app.agreeButton())).toBe(agree + 1);

  await app.disagreeButton().click();
  await expect(app.disagreeButton()).toHaveAttribute('aria-pressed', 'true');
  await expect(app.agreeButton()).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => app.voteCount(app.agreeButton())).toBe(agree);
  expect(await app.voteCount(app.disagreeButton())).toBe(disagree + 1);

  await app.sheet.getByRole('button', { name: 'Withdraw my vote' }).click();
  await expect(app.sheet).toContainText('You have not voted yet.');
  await expect.poll(() => app.voteCount(app.disagreeButton())).toBe(disagree);
  expect(await app.seriousA11yViolations()).toEqual([]);
});

/**
 * A proposal of this test's own (so that no other spec sees voting close), published at the place
 * of an existing one; `close` declines it through an admin's real action, `remove` deletes it.
 */
async function ownProposal(baseURL: string, project: string) {
  const author = await apiClient(baseURL, 'resident2@demo.local');
  const admin = await apiClient(baseURL, 'admin@demo.local');
  const { data: place } = await author.from('proposals').select('location, category_id').limit(1).single();
  const { data: created, error } = await author
    .from('proposals')
    .insert({
      title: `Voting closes on this one (${project} ${Date.now()})`,
      description: 'A proposal the vote test declines while a resident has voted on it.',
      category_id: place!.category_id,
      location: place!.location,
    })
    .select('id')
    .single();
  if (error) throw error;
  const id = String(created.id);
  return {
    id,
    close: async () => {
      const { error: refused } = await admin.rpc('set_proposal_status', {
        p_proposal_id: Number(id),
        p_status: 'declined',
      });
      if (refused) throw refused;
    },
    remove: async () => {
      await author.from('proposals').delete().eq('id', Number(id));
    },
  };
}

test('withdrawing once voting has closed is refused by the server: the vote and the counters stay', async ({
  app,
  baseURL,
}, testInfo) => {
  const proposal = await ownProposal(baseURL!, testInfo.project.name);
  try {
    await app.open(`/?p=${proposal.id}`);
    await app.signIn('resident@demo.local');
    await expect(app.agreeButton()).toBeEnabled();
    await app.agreeButton().click();
    await expect(app.sheet).toContainText('You agree.');
    await expect.poll(() => app.voteCount(app.agreeButton())).toBe(1);

    // An agent declines it while the page is open: the page does not know yet.
    await proposal.close();
    app.expectFailure('POST', /\/rest\/v1\/rpc\/cast_vote/, 400);
    await app.sheet.getByRole('button', { name: 'Withdraw my vote' }).click();
    await expect(app.sheet.getByRole('alert')).toHaveText(
      'Your vote was not recorded. Voting is closed for this proposal.',
    );
    await expect(app.sheet).toContainText('You agree.');
    expect(await app.voteCount(app.agreeButton())).toBe(1);
    // The buttons now say why they are disabled, with the reason the server gave.
    await expect(app.agreeButton()).toBeDisabled();
    await expect(app.agreeButton()).toHaveAccessibleDescription('Voting is closed: this proposal has been decided.');

    // After a reload the page knows it from the proposal itself, and the vote is still stored.
    await app.page.reload();
    await expect(app.agreeButton()).toHaveAttribute('aria-pressed', 'true');
    await expect(app.agreeButton()).toBeDisabled();
    await expect(app.sheet).toContainText('Voting is closed: this proposal has been decided.');
    expect(await app.voteCount(app.agreeButton())).toBe(1);
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await proposal.remove();
  }
});

test('a visitor who taps agree creates an account, and the vote is cast', async ({ app }, testInfo) => {
  await openOldest(app, 3, testInfo.project.name);
  const agree = await app.voteCount(app.agreeButton());
  await app.agreeButton().click();
  await expect(app.signInForm).toBeVisible();
  await expect(app.page.getByText('Sign in to vote. Your vote is cast right after.')).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await app.page.getByRole('button', { name: 'Create an account' }).click();
  const form = app.page.getByRole('form', { name: 'Create an account' });
  await form.getByLabel('Email').fill(`voter-${testInfo.project.name}-${Date.now()}@example.org`);
  await form.getByLabel('Password').fill('a-long-enough-password');
  await form.getByRole('button', { name: 'Create my account' }).click();
  await expect(app.account).toContainText('Signed in as');
  await expect(app.agreeButton()).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => app.voteCount(app.agreeButton())).toBe(agree + 1);
});
