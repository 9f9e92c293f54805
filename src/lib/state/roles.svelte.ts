import type { MyRoles, RolesApi } from '../api/index.ts';

const NONE: MyRoles = { agentDistrictIds: [], planner: false, admin: false };

/**
 * The signed-in person's roles, to show the screens they may use. This only shapes the interface:
 * what each role may read or change is decided by row-level security in the database.
 */
export class RolesState {
  roles = $state.raw<MyRoles>(NONE);

  readonly moderates = $derived(this.roles.admin || this.roles.agentDistrictIds.length > 0);
  readonly plans = $derived(this.roles.admin || this.roles.planner);
  readonly administers = $derived(this.roles.admin);

  readonly #api: RolesApi;

  constructor(api: RolesApi) {
    this.#api = api;
  }

  /** Reads the roles of `userId`; on failure the person keeps a resident's screens only. */
  async load(userId: string): Promise<void> {
    try {
      this.roles = await this.#api.mine(userId);
    } catch {
      this.roles = NONE;
    }
  }

  clear(): void {
    this.roles = NONE;
  }
}
