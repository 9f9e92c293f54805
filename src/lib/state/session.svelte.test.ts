import { describe, expect, it } from 'vitest';
import { ApiError, type AuthApi, type SessionUser } from '../api/index.ts';
import { SessionState } from './session.svelte.ts';

const resident: SessionUser = { id: 'u1', email: 'resident@demo.local' };

/** An AuthApi that knows one account, remembers its listeners, and can be told to fail. */
function fakeAuth(stored: SessionUser | null = null) {
  const listeners = new Set<(user: SessionUser | null, recovery: boolean) => void>();
  let failWith: ApiError | undefined;
  let resent = 0;
  const api: AuthApi = {
    currentUser: async () => stored,
    async signIn(email, password) {
      if (failWith) throw failWith;
      if (email !== resident.email || password !== 'demo-password') {
        throw new ApiError('invalid_credentials', 'Invalid login credentials', 400);
      }
      return resident;
    },
    async signUp(email) {
      if (failWith) throw failWith;
      if (email === resident.email) throw new ApiError('email_taken', 'User already registered', 422);
      if (email.trim().endsWith('@confirm.test')) return null;
      return { id: 'u2', email };
    },
    async resendConfirmation() {
      if (failWith) throw failWith;
      resent += 1;
    },
    async sendMagicLink() {
      if (failWith) throw failWith;
    },
    async sendPasswordReset() {
      if (failWith) throw failWith;
    },
    async updatePassword() {
      if (failWith) throw failWith;
    },
    async signOut() {
      if (failWith) throw failWith;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    api,
    listeners,
    emit: (user: SessionUser | null, recovery = false) => listeners.forEach((l) => l(user, recovery)),
    failNextWith: (error: ApiError) => (failWith = error),
    resent: () => resent,
  };
}

describe('SessionState', () => {
  it('starts loading, then reflects the stored session', async () => {
    const auth = fakeAuth(resident);
    const session = new SessionState(auth.api);
    expect(session.status).toBe('loading');
    session.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(session.status).toBe('signedIn');
    expect(session.user?.email).toBe('resident@demo.local');
  });

  it('signs in and out', async () => {
    const session = new SessionState(fakeAuth().api);
    expect(await session.signIn('resident@demo.local', 'demo-password')).toBe(true);
    expect(session.status).toBe('signedIn');
    expect(session.user).toEqual(resident);
    expect(session.pending).toBe(false);
    await session.signOut();
    expect(session.status).toBe('signedOut');
    expect(session.user).toBeNull();
  });

  it('keeps a stable code when the password is wrong, and clears it on the next try', async () => {
    const session = new SessionState(fakeAuth().api);
    expect(await session.signIn('resident@demo.local', 'nope')).toBe(false);
    expect(session.error).toBe('invalid_credentials');
    expect(session.status).not.toBe('signedIn');
    const retry = session.signIn('resident@demo.local', 'demo-password');
    expect(session.error).toBeNull();
    expect(session.pending).toBe(true);
    expect(await retry).toBe(true);
  });

  it('reports a network failure as such', async () => {
    const auth = fakeAuth();
    auth.failNextWith(new ApiError('network', 'fetch failed'));
    const session = new SessionState(auth.api);
    await session.signIn('resident@demo.local', 'demo-password');
    expect(session.error).toBe('network');
  });

  it('follows changes made elsewhere (another tab, expiry) and stops following', async () => {
    const auth = fakeAuth();
    const session = new SessionState(auth.api);
    const stop = session.start();
    auth.emit(resident);
    expect(session.status).toBe('signedIn');
    auth.emit(null);
    expect(session.status).toBe('signedOut');
    stop();
    expect(auth.listeners.size).toBe(0);
  });

  it('says where the confirmation link went when the server asks for one, and sends it again', async () => {
    const auth = fakeAuth();
    const session = new SessionState(auth.api);
    expect(await session.resendConfirmation()).toBe(false);
    expect(await session.signUp(' new@confirm.test ', 'long-enough')).toBe(false);
    expect(session.status).not.toBe('signedIn');
    expect(session.error).toBeNull();
    expect(session.confirmationSentTo).toBe('new@confirm.test');
    expect(await session.resendConfirmation()).toBe(true);
    expect(auth.resent()).toBe(1);
  });

  it('signs up a new person, and explains an address already taken', async () => {
    const session = new SessionState(fakeAuth().api);
    expect(await session.signUp('resident@demo.local', 'long-enough')).toBe(false);
    expect(session.error).toBe('email_taken');
    expect(await session.signUp('new@demo.local', 'long-enough')).toBe(true);
    expect(session.user?.email).toBe('new@demo.local');
    expect(session.error).toBeNull();
  });
});
