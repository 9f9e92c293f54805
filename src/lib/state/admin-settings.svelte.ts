import { isApiError, type AdminApi, type ApiErrorCode, type CitySettings, type ModerationMode } from '../api/index.ts';

export type SettingsErrorCode = ApiErrorCode | 'threshold_range';
export const THRESHOLD_MIN = 1;
export const THRESHOLD_MAX = 100;

/**
 * The city settings part of the admin screen: pre- or post-moderation and the report threshold,
 * edited as typed (the threshold is text until it is valid) and saved together.
 */
export class SettingsAdmin {
  /** What the database holds; null until loaded. */
  saved = $state.raw<CitySettings | null>(null);
  mode = $state<ModerationMode>('post');
  threshold = $state('');
  loadError = $state<ApiErrorCode | null>(null);
  saving = $state(false);
  error = $state<SettingsErrorCode | null>(null);
  /** The last save worked (cleared by the next one). */
  confirmed = $state(false);

  readonly #api: AdminApi;

  constructor(api: AdminApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.#show(await this.#api.settings());
    } catch (error) {
      this.loadError = isApiError(error) ? error.code : 'unknown';
    }
  }

  /** Saves what is in the form; an invalid threshold or a refusal keeps what was typed. */
  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.confirmed = false;
    const text = this.threshold.trim();
    const threshold = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
    if (!(threshold >= THRESHOLD_MIN && threshold <= THRESHOLD_MAX)) {
      this.error = 'threshold_range';
      return false;
    }
    this.error = null;
    this.saving = true;
    try {
      this.#show(await this.#api.saveSettings({ moderationMode: this.mode, reportThreshold: threshold }));
      this.confirmed = true;
      return true;
    } catch (error) {
      this.error = isApiError(error) ? error.code : 'unknown';
      return false;
    } finally {
      this.saving = false;
    }
  }

  #show(settings: CitySettings): void {
    this.saved = settings;
    this.mode = settings.moderationMode;
    this.threshold = String(settings.reportThreshold);
  }
}
