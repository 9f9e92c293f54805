import { PostgrestClient } from '@supabase/postgrest-js';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from './database.types.ts';
import type { ApiConfig } from './types.ts';

/** supabase-js's client, typed by the generated schema (`npm run types:gen`). */
export type TypedSupabase = SupabaseClient<Database>;
/** What the data modules need: tables and functions through PostgREST, typed by the schema. */
export type DataClient = Pick<PostgrestClient<Database>, 'from' | 'rpc'>;
/** The data client to use for the next request (it changes once supabase-js is loaded). */
export type DataSource = () => DataClient;

/** Where supabase-js keeps a session on this device (`sb-<host>-auth-token`). */
const STORED_SESSION = /^sb-.+-auth-token$/;
/** What an email link brings back in the address (implicit or PKCE flow, or its error). */
const SESSION_IN_URL = /(access_token|refresh_token|error_description)=|[?&](code|token_hash)=/;

/**
 * The app's one connection to Supabase. A visitor needs only public reads, which postgrest-js
 * (5 KB) does with the anon key; supabase-js (auth, storage; ≈ 55 KB gzip) is loaded when a
 * session may exist on this device or when the person first signs in or acts. From then on every
 * request goes through supabase-js's client, with the person's token. Only src/lib/api/ sees it.
 */
export class Backend {
  readonly #config: ApiConfig;
  #data: DataClient;
  #supabase: Promise<TypedSupabase> | undefined;
  #loaded: TypedSupabase | undefined;
  readonly #onLoad: ((client: TypedSupabase) => void)[] = [];

  constructor(config: ApiConfig) {
    this.#config = config;
    this.#data = new PostgrestClient<Database>(`${config.apiUrl}/rest/v1`, {
      headers: { apikey: config.anonKey, Authorization: `Bearer ${config.anonKey}` },
    });
  }

  readonly db: DataSource = () => this.#data;

  /** supabase-js's client, loaded on first use. */
  supabase(): Promise<TypedSupabase> {
    this.#supabase ??= import('@supabase/supabase-js').then(({ createClient }) => {
      const client = createClient<Database>(this.#config.apiUrl, this.#config.anonKey, {
        auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true },
      });
      this.#data = client;
      this.#loaded = client;
      for (const listener of this.#onLoad.splice(0)) listener(client);
      return client;
    });
    return this.#supabase;
  }

  /** Runs `listener` with supabase-js's client as soon as it is loaded (at once if it is). */
  onLoad(listener: (client: TypedSupabase) => void): void {
    if (this.#loaded) listener(this.#loaded);
    else this.#onLoad.push(listener);
  }

  /** Whether this device may hold a session (stored, or coming back from an email link). */
  mayHaveSession(): boolean {
    if (typeof localStorage === 'undefined' || typeof location === 'undefined') return true;
    for (let i = 0; i < localStorage.length; i += 1) if (STORED_SESSION.test(localStorage.key(i) ?? '')) return true;
    return SESSION_IN_URL.test(location.hash) || SESSION_IN_URL.test(location.search);
  }
}
