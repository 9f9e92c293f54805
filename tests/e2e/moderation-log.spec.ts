import '../support/websocket.ts';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PASSWORD, expect, test } from './driver.ts';

/** The public moderation log: figures per district, month and reason, for everyone, without identities. */

async function apiClient(baseURL: string, email: string): Promise<SupabaseClient> {
  const { apiUrl, anonKey } = (await (await fetch(`${baseURL}/config.json`)).json()) as {
    apiUrl: string;
    anonKey: string;
  };
  const client = createClient(apiUrl, anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  if (error) throw error;
  return client;
}

/**
 * As agent@demo.local: proposes in the first district (at the place of one of its proposals) and
 * hides the new proposal with `reason`. Nothing another spec uses is touched.
 */
async function hideNewProposal(baseURL: string, reason: string): Promise<{ agentName: string }> {
  const agent = await apiClient(baseURL, 'agent@demo.local');
  const { data: me } = await agent.auth.getUser();
  const profile = await agent.from('profiles').select('display_name').eq('id', me.user!.id).single();
  const first = await agent.from('districts').select('id').order('id').limit(1).single();
  const near = await agent
    .from('proposals')
    .select('location, category_id')
    .eq('district_id', first.data!.id)
    .limit(1)
    .single();
  const created = await agent
    .from('proposals')
    .insert({ title: 'Panchina rotta', description: 'Da togliere', ...near.data })
    .select('id, district_id')
    .single();
  expect(created.error).toBeNull();
  expect(created.data!.district_id).toBe(first.data!.id);
  const hidden = await agent.rpc('moderate_proposal', {
    p_proposal_id: created.data!.id,
    p_action: 'hide',
    p_reason: reason,
  });
  expect(hidden.error).toBeNull();
  return { agentName: profile.data!.display_name as string };
}

test('a visitor reads how many items were hidden per district, month and reason', async ({
  app,
  baseURL,
}, testInfo) => {
  // A reason code of this run only, so that other specs hiding things at the same time change nothing here.
  const letters = Date.now()
    .toString(26)
    .replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!);
  const reason = `e_${testInfo.project.name}_${letters}`;
  const { agentName } = await hideNewProposal(baseURL!, reason);
  const month = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());

  await app.open();
  await app.page.getByRole('button', { name: 'Menu' }).click();
  await app.page.getByRole('link', { name: 'Public moderation log' }).click();
  await expect(app.page).toHaveURL(/\/moderation-log$/);
  await expect(app.page.getByRole('heading', { level: 2, name: 'Public moderation log' })).toBeVisible();
  const table = app.page.getByRole('table', { name: 'Items hidden per district, month and reason' });
  await expect(table).toBeVisible();

  await app.page.getByLabel('District').selectOption({ label: 'Centro Storico' });
  await app.page.getByLabel('Month').selectOption({ label: month });
  await expect(table.getByText(`Centro Storico · ${month}`)).toBeVisible();
  // Once in the district's month, once in the selection's totals.
  const rows = table.getByRole('row', { name: reason });
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByRole('cell')).toHaveText('1');
  await expect(table.getByText(/Campo di Marte/)).toHaveCount(0);
  expect(await app.seriousA11yViolations()).toEqual([]);

  // No identity: no email address anywhere, and the agent's display name is not on the page.
  const text = await app.page.locator('body').innerText();
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.\w+/);
  expect(text).not.toContain(agentName);

  // In French: labels and the month follow the language.
  await app.page.getByRole('button', { name: 'Français' }).click();
  await expect(app.page.getByRole('heading', { level: 2, name: 'Journal public de modération' })).toBeVisible();
  const mois = new Intl.DateTimeFormat('fr', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());
  await expect(app.page.getByText(`Centro Storico · ${mois}`)).toBeVisible();
});
