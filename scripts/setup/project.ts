import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { LegalText } from '../../supabase/local/city/pack-extras.ts';
import { SetupError } from './setup-error.ts';

/** The buckets the app uses, as the migrations declare them (created here when a project lacks them). */
export const BUCKETS = [
  {
    id: 'proposal-photos',
    options: { public: false, fileSizeLimit: 5_242_880, allowedMimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
  },
  {
    id: 'city-documents',
    options: { public: true, fileSizeLimit: 1_048_576, allowedMimeTypes: ['text/markdown'] },
  },
] as const;

export function serviceClient(url: string, serviceRoleKey: string): SupabaseClient {
  return createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

/** Refuses early, before anything is written, when the key is not the project's service_role key. */
export async function checkServiceKey(client: SupabaseClient, url: string): Promise<void> {
  const { error } = await client.auth.admin.listUsers({ page: 1, perPage: 1 });
  if (!error) return;
  const status = 'status' in error && typeof error.status === 'number' ? ` (HTTP ${error.status})` : '';
  throw new SetupError(
    `${url} refused the service key${status}: ${error.message}. Use the project's service_role key ` +
      '(Supabase dashboard: Project Settings → API keys), never the anon key.',
  );
}

/** Creates the missing buckets; returns their names. */
export async function ensureBuckets(client: SupabaseClient): Promise<string[]> {
  const { data, error } = await client.storage.listBuckets();
  if (error) throw new SetupError(`cannot list the storage buckets: ${error.message}`);
  const existing = new Set(data.map((b) => b.id));
  const created: string[] = [];
  for (const bucket of BUCKETS) {
    if (existing.has(bucket.id)) continue;
    const { error: createError } = await client.storage.createBucket(bucket.id, {
      ...bucket.options,
      allowedMimeTypes: [...bucket.options.allowedMimeTypes],
    });
    if (createError) throw new SetupError(`cannot create the bucket ${bucket.id}: ${createError.message}`);
    created.push(bucket.id);
  }
  return created;
}

/** The object name of a legal text in the city-documents bucket, such as `legal/privacy.fr.md`. */
export function legalTextPath(text: Pick<LegalText, 'name' | 'lang'>): string {
  return `legal/${text.name}.${text.lang}.md`;
}

export async function uploadLegalTexts(client: SupabaseClient, texts: LegalText[]): Promise<void> {
  for (const text of texts) {
    const { error } = await client.storage
      .from('city-documents')
      .upload(legalTextPath(text), new Blob([text.markdown], { type: 'text/markdown' }), {
        upsert: true,
        contentType: 'text/markdown',
      });
    if (error) throw new SetupError(`cannot store ${legalTextPath(text)}: ${error.message}`);
  }
}

/** Sends Auth's invitation email; returns the new account's id. */
export async function inviteAdmin(client: SupabaseClient, email: string, siteUrl: string | undefined): Promise<string> {
  const { data, error } = await client.auth.admin.inviteUserByEmail(email, siteUrl ? { redirectTo: siteUrl } : {});
  if (error) throw new SetupError(`cannot invite ${email}: ${error.message}`);
  return data.user.id;
}
