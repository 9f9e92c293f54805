import type { VoteValue } from '../api/index.ts';

/** What a visitor started before being asked to sign in; finished once they are signed in. */
export type PendingAction =
  | { kind: 'vote'; proposalId: string; value: VoteValue }
  | { kind: 'propose' }
  | { kind: 'comment'; proposalId: string }
  | { kind: 'report'; proposalId: string };

export type AuthMode = 'signIn' | 'signUp' | 'newPassword';

const STORAGE_KEY = 'idea-map.pending-action';

/**
 * The account panel (open or not, which form) and the action waiting for a sign-in. The action
 * is kept in sessionStorage, so that it survives the round trip of a magic link in the same tab.
 */
export class AuthPrompt {
  open = $state(false);
  mode = $state<AuthMode>('signIn');
  pending = $state.raw<PendingAction | null>(null);

  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;

  constructor(storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
    this.#storage = storage;
    try {
      const stored = storage?.getItem(STORAGE_KEY);
      this.pending = stored ? (JSON.parse(stored) as PendingAction) : null;
    } catch {
      this.pending = null;
    }
  }

  /** Opens the sign-in panel and remembers what to do after. */
  ask(action: PendingAction): void {
    this.pending = action;
    this.#storage?.setItem(STORAGE_KEY, JSON.stringify(action));
    this.mode = 'signIn';
    this.open = true;
  }

  /** Hands the waiting action over (once) and forgets it. */
  take(): PendingAction | null {
    const action = this.pending;
    this.pending = null;
    this.#storage?.removeItem(STORAGE_KEY);
    return action;
  }

  close(): void {
    this.open = false;
    this.take();
  }
}
