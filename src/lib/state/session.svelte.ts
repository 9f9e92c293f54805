import { isApiError, type ApiErrorCode, type AuthApi, type SessionUser } from '../api/index.ts';

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn';

/**
 * Who is signed in on this device, and the sign-in / sign-out actions. Errors are kept as stable
 * codes for the screen to put into words; nothing here knows about Supabase.
 */
export class SessionState {
  user = $state.raw<SessionUser | null>(null);
  /** `loading` until the stored session has been read. */
  status = $state<SessionStatus>('loading');
  /** A sign-in or sign-out is on its way. */
  pending = $state(false);
  /** Why the last action failed, or null. */
  error = $state<ApiErrorCode | null>(null);
  /** The address a sign-up confirmation link was emailed to (the server asks for confirmation), or null. */
  confirmationSentTo = $state<string | null>(null);
  /** Signed in through a password-reset link: a new password is to be chosen. */
  recovering = $state(false);

  readonly #auth: AuthApi;

  constructor(auth: AuthApi) {
    this.#auth = auth;
  }

  /** Reads the stored session and follows later changes. Returns the unsubscribe function. */
  start(): () => void {
    const stop = this.#auth.onChange((user, recovery) => {
      this.#set(user);
      if (recovery) this.recovering = true;
    });
    this.#auth.currentUser().then(
      (user) => this.#set(user),
      () => this.#set(null),
    );
    return stop;
  }

  /** Resolves true when signed in; on failure keeps the reason in `error` and resolves false. */
  async signIn(email: string, password: string): Promise<boolean> {
    if (this.pending) return false;
    this.pending = true;
    this.error = null;
    try {
      this.#set(await this.#auth.signIn(email, password));
      return true;
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      return false;
    } finally {
      this.pending = false;
    }
  }

  /**
   * Creates an account and, when the server confirms it at once, signs in. Resolves true when signed
   * in; when the server emailed a confirmation link instead, `confirmationSentTo` says where.
   */
  async signUp(email: string, password: string, redirectTo?: string): Promise<boolean> {
    this.confirmationSentTo = null;
    return this.#run(async () => {
      const user = await this.#auth.signUp(email, password, redirectTo);
      if (user) this.#set(user);
      else this.confirmationSentTo = email.trim();
      return user !== null;
    });
  }

  /** Emails the confirmation link again to the address of the last sign-up. */
  async resendConfirmation(redirectTo?: string): Promise<boolean> {
    const email = this.confirmationSentTo;
    if (!email) return false;
    return this.#run(async () => {
      await this.#auth.resendConfirmation(email, redirectTo);
      return true;
    });
  }

  /** Emails a one-time sign-in link (`redirectTo`: where it leads back). */
  async sendMagicLink(email: string, redirectTo: string): Promise<boolean> {
    return this.#run(async () => {
      await this.#auth.sendMagicLink(email, redirectTo);
      return true;
    });
  }

  async sendPasswordReset(email: string, redirectTo: string): Promise<boolean> {
    return this.#run(async () => {
      await this.#auth.sendPasswordReset(email, redirectTo);
      return true;
    });
  }

  async updatePassword(password: string): Promise<boolean> {
    return this.#run(async () => {
      await this.#auth.updatePassword(password);
      this.recovering = false;
      return true;
    });
  }

  async #run(action: () => Promise<boolean>): Promise<boolean> {
    if (this.pending) return false;
    this.pending = true;
    this.error = null;
    try {
      return await action();
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      return false;
    } finally {
      this.pending = false;
    }
  }

  async signOut(): Promise<void> {
    if (this.pending) return;
    this.pending = true;
    this.error = null;
    try {
      await this.#auth.signOut();
      this.#set(null);
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
    } finally {
      this.pending = false;
    }
  }

  clearError(): void {
    this.error = null;
  }

  #set(user: SessionUser | null): void {
    this.user = user;
    this.status = user ? 'signedIn' : 'signedOut';
  }
}
