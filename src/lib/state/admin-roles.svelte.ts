import { isApiError, type AdminApi, type ApiErrorCode, type AppRole, type RoleHolder } from '../api/index.ts';

/** Why an admin action failed: an API error code (named refusals of the database included), or a missing field. */
export type AdminErrorCode = ApiErrorCode | 'email_required';
export type AdminAccess = 'loading' | 'ready' | 'forbidden' | 'error';

function codeOf(error: unknown): AdminErrorCode {
  return isApiError(error) ? error.code : 'unknown';
}

/**
 * The roles part of the admin screen: who holds which role, the assignment form (kept as typed
 * when the database refuses) and removals. The database decides who may do this: a non-admin's
 * first read is refused, and `access` becomes `forbidden`.
 */
export class RolesAdmin {
  holders = $state.raw<RoleHolder[]>([]);
  access = $state<AdminAccess>('loading');
  loadError = $state<ApiErrorCode | null>(null);

  email = $state('');
  role = $state<AppRole>('agent');
  districtIds = $state.raw<string[]>([]);
  assigning = $state(false);
  assignError = $state<AdminErrorCode | null>(null);
  /** The last assignment that worked, for the confirmation sentence. */
  assigned = $state.raw<{ email: string; role: AppRole; count: number } | null>(null);

  /** The id of the role being removed. */
  removing = $state<string | null>(null);
  removeError = $state<AdminErrorCode | null>(null);
  removed = $state.raw<RoleHolder | null>(null);

  readonly #api: AdminApi;

  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** Forgets what was read (another person signed in). */
  reset(): void {
    this.holders = [];
    this.access = 'loading';
    this.assigned = null;
    this.removed = null;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.holders = await this.#api.holders();
      this.access = 'ready';
    } catch (error) {
      const code = isApiError(error) ? error.code : 'unknown';
      this.access = code === 'forbidden' ? 'forbidden' : 'error';
      this.loadError = code;
    }
  }

  /** Sends the form; on success clears the email and districts, on failure keeps everything. */
  async assign(): Promise<boolean> {
    if (this.assigning) return false;
    this.assigned = null;
    this.removed = null;
    const email = this.email.trim();
    this.assignError =
      email === ''
        ? 'email_required'
        : this.role === 'agent' && this.districtIds.length === 0
          ? 'districts_required'
          : null;
    if (this.assignError) return false;
    this.assigning = true;
    try {
      const count = await this.#api.assign(email, this.role, this.districtIds);
      this.assigned = { email, role: this.role, count };
      this.email = '';
      this.districtIds = [];
      await this.load();
      return true;
    } catch (error) {
      this.assignError = codeOf(error);
      return false;
    } finally {
      this.assigning = false;
    }
  }

  async remove(holder: RoleHolder): Promise<boolean> {
    if (this.removing) return false;
    this.removing = holder.id;
    this.removeError = null;
    this.removed = null;
    this.assigned = null;
    try {
      await this.#api.remove(holder.id);
      this.removed = holder;
      this.holders = this.holders.filter((h) => h.id !== holder.id);
      return true;
    } catch (error) {
      this.removeError = codeOf(error);
      return false;
    } finally {
      this.removing = null;
    }
  }
}
