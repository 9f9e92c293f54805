import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import '../support/websocket.ts';
import { DEMO_PASSWORD, expect, test, type AppDriver } from './driver.ts';

/**
 * Neighbourhood agents moderate their district (the first one, Centro Storico, for agent@): a
 * proposal hidden after three reports, restored then hidden with a reason, the author's view and
 * email, the public's; an official answer; duplicates linked both ways; the other agent sees none of it.
 */

test.skip(!process.env.E2E_MAILBOX_PORT, 'needs the local mailbox');
test.setTimeout(180_000);

/** A supabase-js client of this run's stack, signed in (as a separate browser tab would be). */
async function signedIn(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<SupabaseClient> {
  const config = (await (await fetch(`${baseURL}/config.json`)).json()) as { apiUrl: string; anonKey: string };
  const client = createClient(config.apiUrl, config.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return client;
}

/** A new resident, signed up through the API. */
async function newResident(baseURL: string, email: string): Promise<SupabaseClient> {
  const config = (await (await fetch(`${baseURL}/config.json`)).json()) as { apiUrl: string; anonKey: string };
  const client = createClient(config.apiUrl, config.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signUp({ email, password: 'resident-password-1' });
  if (error) throw error;
  return signedIn(baseURL, email, 'resident-password-1');
}

/** A published proposal of `author` in Centro Storico; the project's own spot keeps phone and desktop apart. */
async function propose(author: SupabaseClient, title: string, project: string, shift = 0): Promise<string> {
  const category = await author.from('categories').select('id').order('sort_order').limit(1).single();
  const lng = (project === 'phone' ? 11.2545 : 11.2565) + shift;
  const { data, error } = await author
    .from('proposals')
    .insert({ title, category_id: category.data!.id, location: { type: 'Point', coordinates: [lng, 43.7725] } })
    .select('id')
    .single();
  if (error) throw error;
  return String(data.id);
}

async function mailsTo(email: string): Promise<{ subject: string; text: string }[]> {
  const url = `http://127.0.0.1:${process.env.E2E_MAILBOX_PORT}/api/messages?to=${encodeURIComponent(email)}`;
  return (await (await fetch(url)).json()) as { subject: string; text: string }[];
}

async function openModeration(app: AppDriver, email: string): Promise<void> {
  await app.open('/moderation');
  await app.signIn(email);
  await expect(app.page.getByRole('heading', { level: 2, name: 'Moderation', exact: true })).toBeVisible();
}

const queue = (app: AppDriver) => app.page.getByRole('list', { name: 'Items to review' });
const decide = (app: AppDriver) => app.page.getByRole('form', { name: 'Decide' });

async function findProposal(app: AppDriver, title: string): Promise<void> {
  // On a phone the open item takes the screen: back to the list first.
  const back = app.page.getByRole('button', { name: 'Back to the list' });
  if (await back.isVisible()) await back.click();
  await app.page.getByRole('button', { name: 'Find a proposal' }).click();
  await app.page.getByLabel('Title of a proposal in your districts').fill(title);
  await app.page.getByRole('list', { name: 'Proposals found' }).getByRole('button', { name: title }).click();
  await expect(app.page.getByRole('heading', { level: 3, name: title })).toBeVisible();
}

test('a proposal hidden after three reports: restored, hidden again with a reason, seen by its author and by nobody else', async ({
  app,
  baseURL,
}, testInfo) => {
  const project = testInfo.project.name;
  const stamp = `${project}-${Date.now()}`;
  const title = `Parcheggio selvaggio ${stamp}`;
  const authorEmail = `mod-author-${stamp}@example.test`;
  const reporterEmail = `mod-reporter-${stamp}@example.test`;
  const author = await newResident(baseURL!, authorEmail);
  const id = await propose(author, title, project);
  const reporters = [
    await signedIn(baseURL!, 'resident@demo.local'),
    await signedIn(baseURL!, 'resident2@demo.local'),
    await newResident(baseURL!, reporterEmail),
  ];
  for (const [i, reporter] of reporters.entries()) {
    const { error } = await reporter
      .from('reports')
      .insert({ proposal_id: Number(id), reason: i === 0 ? 'spam' : 'offensive', details: i === 0 ? 'An advert' : '' });
    expect(error).toBeNull();
  }

  // The agent of another district never sees it, in the queue or by its title.
  await openModeration(app, 'agent2@demo.local');
  await expect(app.page.getByText(/items? to review|Nothing to review/)).toBeVisible();
  await expect(app.page.getByRole('button', { name: new RegExp(title) })).toHaveCount(0);
  await app.page.getByRole('button', { name: 'Find a proposal' }).click();
  await app.page.getByLabel('Title of a proposal in your districts').fill(title);
  await expect(app.page.getByText('No proposal of your districts has this in its title.')).toBeVisible();
  await app.signOut();

  // The agent of the district finds it in the queue, already hidden, with the reports.
  await app.signIn('agent@demo.local');
  const item = queue(app).getByRole('button', { name: new RegExp(title) });
  await expect(item).toContainText('Hidden');
  await expect(item).toContainText('Reported by 3 people');
  await item.click();
  const detail = app.page.getByRole('article', { name: title });
  await expect(detail).toContainText('Hidden automatically after reports');
  await expect(detail).toContainText('Offensive or hateful: 2');
  await expect(detail).toContainText('An advert');
  await expect(detail.getByRole('img', { name: `Place of “${title}” in Centro Storico` })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  // A reason is required; then it is restored and leaves the queue.
  await decide(app).getByRole('button', { name: 'Restore' }).click();
  await expect(decide(app).getByRole('alert')).toHaveText('Choose a reason first.');
  await decide(app).getByLabel('Reason').selectOption({ label: 'Follows the rules' });
  await decide(app).getByRole('button', { name: 'Restore' }).click();
  await expect(app.page.getByText(`Restored: “${title}”.`)).toBeVisible();
  await expect(queue(app).getByRole('button', { name: new RegExp(title) })).toHaveCount(0);

  // Found again by its title, and hidden with a reason and a note.
  await findProposal(app, title);
  await decide(app).getByLabel('Reason').selectOption({ label: 'Offensive or hateful' });
  await decide(app).getByLabel('Note for the log (optional, not public)').fill('Insults in the description');
  await decide(app).getByRole('button', { name: 'Hide' }).click();
  await expect(app.page.getByText(`Hidden: “${title}”.`)).toBeVisible();
  await expect(app.page.getByRole('article', { name: title })).toContainText('Hidden');
  await app.signOut();

  // The author sees the state on their proposal, and both emails; a reporter learns the outcome.
  await app.signIn(authorEmail, 'resident-password-1');
  await app.page.goto(`/?p=${id}`);
  await expect(app.sheet).toContainText('This proposal is hidden: only you and the moderators see it.');
  await expect(app.sheet).toContainText(/Moderated on .+: Offensive or hateful/);
  await expect(async () => {
    const subjects = (await mailsTo(authorEmail)).map((m) => m.subject);
    expect(subjects).toContain(`Your proposal "${title}" was hidden`);
    expect(subjects).toContain(`Your proposal "${title}" is public again`);
  }).toPass({ timeout: 15_000 });
  const hidden = (await mailsTo(authorEmail)).find((m) => m.subject.endsWith('was hidden'))!;
  expect(hidden.text).toContain('Reason: offensive or hateful content.');
  expect(hidden.text).not.toMatch(/agent|resident@|resident2@|reporter/i);
  await expect(async () => {
    expect((await mailsTo(reporterEmail)).map((m) => m.subject)).toContain(`Your report on "${title}"`);
  }).toPass({ timeout: 15_000 });
  await app.signOut();

  // The public no longer sees it.
  await app.page.goto(`/?p=${id}`);
  await expect(app.sheet).toContainText('This proposal does not exist or is no longer public.');
});

test('an official answer everyone sees, and a duplicate linked to its original both ways', async ({
  app,
  baseURL,
}, testInfo) => {
  const project = testInfo.project.name;
  const stamp = `${project}-${Date.now()}`;
  const author = await signedIn(baseURL!, 'resident@demo.local');
  const originalTitle = `Alberi in piazza ${stamp}`;
  const duplicateTitle = `Piantare alberi ${stamp}`;
  const originalId = await propose(author, originalTitle, project);
  const duplicateId = await propose(author, duplicateTitle, project, 0.0004);

  await openModeration(app, 'agent@demo.local');
  await findProposal(app, originalTitle);
  // The sections below are used by keyboard, as an agent working down a long queue would.
  await app.page.getByText('Public status and official answer').first().press('Enter');
  const statusForm = app.page.getByRole('form', { name: 'Public status and official answer' });
  await statusForm.getByLabel('Status').selectOption({ label: 'Accepted' });
  await statusForm.getByLabel('Official answer (public, on the proposal)').fill('The trees are planted in spring.');
  await statusForm.getByRole('button', { name: 'Save the status' }).press('Enter');
  await expect(app.page.getByText(`Status saved: “${originalTitle}”.`)).toBeVisible();

  await findProposal(app, duplicateTitle);
  await app.page.getByText('Duplicate of another proposal').first().press('Enter');
  const duplicateForm = app.page.getByRole('form', { name: 'Duplicate of another proposal' });
  await duplicateForm.getByLabel('Title of the original proposal').fill(originalTitle);
  await duplicateForm
    .getByRole('list', { name: 'Original proposals' })
    .getByRole('button', { name: originalTitle })
    .click();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await duplicateForm.getByRole('button', { name: 'Mark as a duplicate' }).press('Enter');
  await expect(app.page.getByText(`Marked as a duplicate: “${duplicateTitle}”.`)).toBeVisible();
  await app.signOut();

  // Everyone sees the answer, and the link on both sheets.
  await app.page.goto(`/?p=${originalId}`);
  await expect(app.sheet.getByRole('region', { name: 'Official answer' })).toContainText(
    'The trees are planted in spring.',
  );
  await expect(app.sheet).toContainText('Accepted');
  const duplicates = app.sheet.getByRole('region', { name: 'Duplicates of this proposal' });
  await duplicates.getByRole('link', { name: duplicateTitle }).click();
  await expect(app.sheet.getByRole('heading', { level: 2 })).toHaveText(duplicateTitle);
  await expect(app.sheet).toContainText(/Moderated on .+: Duplicate/);
  await app.sheet.getByRole('link', { name: originalTitle }).click();
  await expect(app.sheet.getByRole('heading', { level: 2 })).toHaveText(originalTitle);
  expect(new URL(app.page.url()).searchParams.get('p')).toBe(originalId);
  expect(duplicateId).not.toBe(originalId);
});

test('an agent moves a misplaced proposal by pointing at the district map and nudging it with the arrow keys; not out of their districts', async ({
  app,
  baseURL,
}, testInfo) => {
  const project = testInfo.project.name;
  const title = `Panchina fuori posto ${project}-${Date.now()}`;
  const author = await signedIn(baseURL!, 'resident@demo.local');
  const id = await propose(author, title, project);

  await openModeration(app, 'agent@demo.local');
  await findProposal(app, title);
  await app.page.getByText('Correct the category or the place').first().press('Enter');
  const form = app.page.getByRole('form', { name: 'Correct the category or the place' });
  const lng = form.getByLabel('Longitude (degrees)');
  const lat = form.getByLabel('Latitude (degrees)');
  const typed = async () => [Number(await lng.inputValue()), Number(await lat.inputValue())] as const;
  const before = await typed();

  // Campo di Marte is another district: refused in plain words, nothing moved.
  app.expectFailure('POST', /\/rest\/v1\/rpc\/correct_proposal/, 403);
  await lng.fill('11.2900');
  await form.getByRole('button', { name: 'Save the correction' }).press('Enter');
  await expect(app.page.getByRole('alert')).toContainText('The new place must be in a district you moderate.');

  // A point a little east and north of the proposal (its red ring on the map), then west and south.
  const map = form.getByRole('button', { name: "Choose the new place on the district's map" });
  const ring = (await map.locator('circle').first().boundingBox())!;
  await app.page.mouse.click(ring.x + ring.width / 2 + 12, ring.y + ring.height / 2 - 12);
  const picked = await typed();
  expect(picked[0]).toBeGreaterThan(before[0]);
  expect(picked[0]).toBeLessThan(11.29);
  expect(picked[1]).toBeGreaterThan(before[1]);
  await map.press('ArrowLeft');
  await map.press('ArrowDown');
  const nudged = await typed();
  expect(nudged[0]).toBeLessThan(picked[0]);
  expect(nudged[1]).toBeLessThan(picked[1]);
  expect(await app.seriousA11yViolations()).toEqual([]);
  await form.getByRole('button', { name: 'Save the correction' }).press('Enter');
  await expect(app.page.getByText(`Corrected: “${title}”.`)).toBeVisible();

  const { data } = await author.from('proposals').select('lng, lat').eq('id', id).single();
  expect(data!.lng).toBeCloseTo(nudged[0], 6);
  expect(data!.lat).toBeCloseTo(nudged[1], 6);
});
