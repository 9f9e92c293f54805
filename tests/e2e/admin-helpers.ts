import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import '../support/websocket.ts';
import { DEMO_PASSWORD, expect, type AppDriver } from './driver.ts';

/** What the admin specs share. */

/** A supabase-js client of this run's stack, as a separate browser tab would have (signed in if asked). */
export async function apiClient(baseURL: string, email?: string, password = DEMO_PASSWORD): Promise<SupabaseClient> {
  const { apiUrl, anonKey } = (await (await fetch(`${baseURL}/config.json`)).json()) as {
    apiUrl: string;
    anonKey: string;
  };
  const client = createClient(apiUrl, anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
  if (email) {
    const { error } = await client.auth.signInWithPassword({ email, password });
    if (error) throw error;
  }
  return client;
}

export async function openAdminFromMenu(app: AppDriver): Promise<void> {
  await app.page.getByRole('button', { name: 'Menu' }).click();
  await app.page.getByRole('link', { name: 'Roles and settings' }).click();
  await expect(app.page.getByRole('heading', { level: 2, name: 'Roles and settings' })).toBeVisible();
}

export const assignForm = (app: AppDriver) => app.page.getByRole('form', { name: 'Give a role' });
export const settingsForm = (app: AppDriver) => app.page.getByRole('form', { name: 'City settings' });
