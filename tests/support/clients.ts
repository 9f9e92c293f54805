import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { inject } from 'vitest';

/** Where the suite's shared stack listens (provided by tests/support/global-setup.ts). */
export function stackInfo(): { apiUrl: string; anonKey: string; serviceRoleKey: string; mailboxUrl: string } {
  return inject('stack');
}

/** A fresh supabase-js client with its own in-memory session, as one browser tab would have. */
export function anonClient(apiUrl = stackInfo().apiUrl, key = stackInfo().anonKey): SupabaseClient {
  return createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

export function serviceClient(): SupabaseClient {
  return anonClient(stackInfo().apiUrl, stackInfo().serviceRoleKey);
}

export interface MailboxMessage {
  id: number;
  to: string;
  subject: string;
  text: string;
  kind: string;
  sentAt: string;
}

/** The newest emails sent to `email`, read from the local mailbox's JSON API. */
export async function mailTo(email: string, mailboxUrl = stackInfo().mailboxUrl): Promise<MailboxMessage[]> {
  const response = await fetch(`${mailboxUrl}/api/messages?to=${encodeURIComponent(email)}`);
  return (await response.json()) as MailboxMessage[];
}

let counter = 0;
/** A unique email for a test user. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.test`;
}
