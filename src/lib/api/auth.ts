import type { User } from '@supabase/supabase-js';
import type { Backend } from './client.ts';
import { ApiError, toApiError } from './errors.ts';
import type { SessionUser } from './types.ts';

/** Sign-in and the current user. Every method throws ApiError, never returns `{ error }`. */
export interface AuthApi {
  /** The user of the session stored on this device, if any. */
  currentUser(): Promise<SessionUser | null>;
  signIn(email: string, password: string): Promise<SessionUser>;
  /** Creates an account and signs in (the local stack, like the CLI, confirms addresses at once); null when the address must be confirmed first. */
  /** Resolves the new user when signed in at once, or null when a confirmation link was emailed. */
  signUp(email: string, password: string, redirectTo?: string): Promise<SessionUser | null>;
  /** Emails the sign-up confirmation link again. */
  resendConfirmation(email: string, redirectTo?: string): Promise<void>;
  /** Emails a one-time sign-in link that comes back to `redirectTo`. */
  sendMagicLink(email: string, redirectTo: string): Promise<void>;
  /** Emails a link to choose a new password, coming back to `redirectTo`. */
  sendPasswordReset(email: string, redirectTo: string): Promise<void>;
  /** Sets a new password for the signed-in user (after following a reset link). */
  updatePassword(password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Calls `listener` whenever the signed-in user changes (other tab, expiry, sign-out). */
  onChange(listener: (user: SessionUser | null, recovery: boolean) => void): () => void;
}

function toSessionUser(user: User): SessionUser {
  return { id: user.id, email: user.email ?? '' };
}

/** Signed-out visitors never load supabase-js: it comes with the first sign-in or a stored session. */
export function createAuthApi(backend: Backend): AuthApi {
  const auth = async () => (await backend.supabase()).auth;
  return {
    async currentUser() {
      if (!backend.mayHaveSession()) return null;
      const { data, error } = await (await auth()).getSession();
      if (error) throw toApiError(error);
      return data.session ? toSessionUser(data.session.user) : null;
    },
    async signIn(email, password) {
      let result;
      try {
        result = await (await auth()).signInWithPassword({ email: email.trim(), password });
      } catch (thrown) {
        throw toApiError(thrown);
      }
      if (result.error) throw toApiError(result.error);
      if (!result.data.user) throw new ApiError('unknown', 'sign-in returned no user');
      return toSessionUser(result.data.user);
    },
    async signUp(email, password, redirectTo) {
      let result;
      try {
        result = await (
          await auth()
        ).signUp({
          email: email.trim(),
          password,
          options: redirectTo ? { emailRedirectTo: redirectTo } : undefined,
        });
      } catch (thrown) {
        throw toApiError(thrown);
      }
      if (result.error) throw toApiError(result.error);
      if (result.data.session?.user) return toSessionUser(result.data.session.user);
      // Servers that answer a new and an existing address alike (no account enumeration) give no
      // session: sign in with the new password. Refused means the address already had an account.
      try {
        return await this.signIn(email, password);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'invalid_credentials') {
          throw new ApiError('email_taken', 'the address already has an account', error.status, { cause: error });
        }
        if (error instanceof ApiError && error.code === 'email_not_confirmed') return null;
        throw error;
      }
    },
    async resendConfirmation(email, redirectTo) {
      const { error } = await (
        await auth()
      ).resend({
        type: 'signup',
        email: email.trim(),
        options: redirectTo ? { emailRedirectTo: redirectTo } : undefined,
      });
      if (error) throw toApiError(error);
    },
    async sendMagicLink(email, redirectTo) {
      const { error } = await (
        await auth()
      ).signInWithOtp({
        email: email.trim(),
        options: { emailRedirectTo: redirectTo, shouldCreateUser: false },
      });
      if (error) throw toApiError(error);
    },
    async sendPasswordReset(email, redirectTo) {
      const { error } = await (await auth()).resetPasswordForEmail(email.trim(), { redirectTo });
      if (error) throw toApiError(error);
    },
    async updatePassword(password) {
      const { error } = await (await auth()).updateUser({ password });
      if (error) throw toApiError(error);
    },
    async signOut() {
      // Local scope: this device forgets its session even when the server cannot be reached.
      const { error } = await (await auth()).signOut({ scope: 'local' });
      if (error) throw toApiError(error);
    },
    onChange(listener) {
      let stopped = false;
      let unsubscribe = (): void => {
        stopped = true;
      };
      backend.onLoad((client) => {
        if (stopped) return;
        const { data } = client.auth.onAuthStateChange((event, session) => {
          // PASSWORD_RECOVERY: the person came back from a reset link and must choose a password.
          listener(session ? toSessionUser(session.user) : null, event === 'PASSWORD_RECOVERY');
        });
        unsubscribe = () => data.subscription.unsubscribe();
      });
      return () => unsubscribe();
    },
  };
}
