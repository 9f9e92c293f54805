import { isApiError, type DashboardApi, type DistrictsImport } from '../api/index.ts';
import type { DistrictLayer } from '../geo/districts/index.ts';
import type { DistrictsState } from './districts.svelte.ts';

/**
 * A planner replacing the official districts with a layer already checked on the page: the
 * database checks it again, reassigns the proposals, and answers with what it changed; the city's
 * districts are then read again.
 */
export class DistrictsImportState {
  sending = $state(false);
  /** Set when the import was refused; `reason` is the database's own words when it gave them. */
  refusal = $state.raw<{ reason: string | null } | null>(null);
  done = $state.raw<DistrictsImport | null>(null);

  readonly #api: DashboardApi;
  readonly #districts: DistrictsState;

  constructor(api: DashboardApi, districts: DistrictsState) {
    this.#api = api;
    this.#districts = districts;
  }

  /** Forgets the last answer (another file was chosen). */
  clear(): void {
    this.refusal = null;
    this.done = null;
  }

  /** Resolves true once imported (and the districts reloaded), false when refused. */
  async send(layer: DistrictLayer): Promise<boolean> {
    if (this.sending) return false;
    this.sending = true;
    this.clear();
    try {
      this.done = await this.#api.importDistricts(layer);
      await this.#districts.load();
      return true;
    } catch (error) {
      this.refusal = { reason: isApiError(error) && error.code === 'invalid_input' ? error.message : null };
      return false;
    } finally {
      this.sending = false;
    }
  }
}
