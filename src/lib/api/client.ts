import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { ApiConfig } from './types.ts';

/** The one Supabase client of the app. Only src/lib/api/ sees it. */
export function createSupabase(config: ApiConfig): SupabaseClient {
  return createClient(config.apiUrl, config.anonKey, {
    auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true },
  });
}
