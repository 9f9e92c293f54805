import { expect, test } from './driver.ts';

/**
 * A visitor browses the proposals without an account: bubbles on the map with a legend, the
 * same proposals as a list, filters and search kept in the address, and a shared link that
 * opens a proposal's sheet directly.
 */

test('the map and the list show the same proposals, and filters narrow both', async ({ app }) => {
  await app.open();
  const drawn = await app.drawnProposals();
  expect(drawn).toBeGreaterThan(20);

  await app.page.getByText('Legend', { exact: true }).click();
  await expect(app.page.getByText('Bigger bubble: more votes and comments.')).toBeVisible();

  await app.showList();
  await expect(app.proposalItems).toHaveCount(drawn);

  // A category filter narrows the list and the map alike, and lives in the address.
  await app.page.getByRole('button', { name: 'Filters' }).click();
  await app.page.getByLabel('Category').selectOption({ label: 'Mobility and transport' });
  await app.page.getByRole('button', { name: 'Done' }).click();
  expect(new URL(app.page.url()).searchParams.get('cat')).toBeTruthy();
  const narrowed = await app.proposalItems.count();
  expect(narrowed).toBeGreaterThan(0);
  expect(narrowed).toBeLessThan(drawn);
  await app.showMap();
  await expect.poll(() => app.drawnProposals()).toBe(narrowed);

  // The filters survive a reload: they are in the address.
  await app.page.reload();
  await app.showList();
  await expect(app.proposalItems).toHaveCount(narrowed);
  expect(await app.seriousA11yViolations()).toEqual([]);
});

test('a text search finds proposals in both languages of the demo', async ({ app }) => {
  await app.open();
  await app.showList();
  await app.page.getByRole('searchbox', { name: 'Search proposals' }).fill('navette');
  await expect(app.proposalItems.first()).toContainText(/navette/i);
  const found = await app.proposalItems.count();
  expect(found).toBeGreaterThan(0);
  expect(new URL(app.page.url()).searchParams.get('q')).toBe('navette');
  await app.page.getByRole('searchbox', { name: 'Search proposals' }).fill('zzzz no such thing');
  await expect(app.proposalList).toContainText('No proposal matches these filters.');
});

test('a visitor opens a proposal from the list, and its link opens the sheet directly', async ({ app, browser }) => {
  await app.open();
  await app.showList();
  const first = app.proposalItems.first();
  const title = (await first.locator('strong').textContent())!.trim();
  await first.getByRole('button').click();
  await expect(app.sheet.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await expect(app.sheet.getByRole('heading', { name: 'Your opinion' })).toBeVisible();
  await expect(app.sheet.getByRole('heading', { name: /^Comments/ })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  const link = await app.sheet.getByLabel('Link to this proposal').inputValue();
  expect(new URL(link).searchParams.get('p')).toBe(app.openProposalId());

  // Someone else opens the shared link: the sheet is there at once.
  const other = await browser.newPage();
  await other.goto(link);
  await expect(other.getByRole('complementary').getByRole('heading', { level: 2, name: title })).toBeVisible();
  await other.close();

  // Back closes the sheet, as a person expects on a phone.
  await app.page.goBack();
  await expect(app.sheet).toBeHidden();
});

test('a proposal with an official answer shows it with its status', async ({ app }) => {
  await app.open('/?status=accepted&view=list');
  await expect(app.proposalItems.first()).toBeVisible();
  await app.proposalItems.first().getByRole('button').click();
  await expect(app.sheet).toContainText('Accepted');
  await expect(app.sheet.getByRole('region', { name: 'Official answer' })).toBeVisible();
});

test('a link to a proposal that does not exist says so', async ({ app }) => {
  await app.open('/?p=999999');
  app.expectFailure('GET', /\/rest\/v1\/proposals\?/, 406);
  await expect(app.sheet).toContainText('This proposal does not exist or is no longer public.');
});
