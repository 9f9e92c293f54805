import type { SupabaseClient } from '@supabase/supabase-js';
import { anonClient, serviceClient, uniqueEmail } from './clients.ts';

export interface SignedInUser {
  id: string;
  email: string;
  client: SupabaseClient;
  accessToken: string;
}

/** Creates a confirmed user with the admin API and signs them in on a fresh client. */
export async function signedInUser(prefix = 'user'): Promise<SignedInUser> {
  const email = uniqueEmail(prefix);
  const password = 'correct-horse-battery';
  const created = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true });
  if (created.error) throw created.error;
  const client = anonClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error || !data.session) throw error ?? new Error('no session');
  return { id: data.user.id, email, client, accessToken: data.session.access_token };
}
