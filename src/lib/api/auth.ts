import type { SupabaseClient, User } from '@supabase/supabase-js';
import { ApiError, toApiError } from './errors.ts';
import type { SessionUser } from './types.ts';

/** Sign-in and the current user. Every method throws ApiError, never returns `{ error }`. */
export interface AuthApi {
  /** The user of the session stored on this device, if any. */
  currentUser(): Promise<SessionUser | null>;
  signIn(email: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
  /** Calls `listener` whenever the signed-in user changes (other tab, expiry, sign-out). */
  onChange(listener: (user: SessionUser | null) => void): () => void;
}

function toSessionUser(user: User): SessionUser {
  return { id: user.id, email: user.email ?? '' };
}

export function createAuthApi(client: SupabaseClient): AuthApi {
  return {
    async currentUser() {
      const { data, error } = await client.auth.getSession();
      if (error) throw toApiError(error);
      return data.session ? toSessionUser(data.session.user) : null;
    },
    async signIn(email, password) {
      let result;
      try {
        result = await client.auth.signInWithPassword({ email: email.trim(), password });
      } catch (thrown) {
        throw toApiError(thrown);
      }
      if (result.error) throw toApiError(result.error);
      if (!result.data.user) throw new ApiError('unknown', 'sign-in returned no user');
      return toSessionUser(result.data.user);
    },
    async signOut() {
      // Local scope: this device forgets its session even when the server cannot be reached.
      const { error } = await client.auth.signOut({ scope: 'local' });
      if (error) throw toApiError(error);
    },
    onChange(listener) {
      const { data } = client.auth.onAuthStateChange((_event, session) => {
        listener(session ? toSessionUser(session.user) : null);
      });
      return () => data.subscription.unsubscribe();
    },
  };
}
