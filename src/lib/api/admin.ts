import type { DataSource } from './client.ts';
import type { Tables } from './database.types.ts';
import { ApiError, toApiError } from './errors.ts';

export const APP_ROLES = ['agent', 'planner', 'admin'] as const;
export type AppRole = (typeof APP_ROLES)[number];

/** One role of one person, as the admin screen lists it (the email is shown to admins only). */
export interface RoleHolder {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  role: AppRole;
  /** The agent's district; null for planners and admins. */
  districtId: string | null;
}

export type ModerationMode = 'post' | 'pre';

export interface CitySettings {
  moderationMode: ModerationMode;
  /** Distinct reporters before a proposal or comment is hidden automatically (1–100). */
  reportThreshold: number;
}

export interface AdminApi {
  /** Every role holder with their email; `forbidden` for anyone but an admin. */
  holders(): Promise<RoleHolder[]>;
  /** Gives the account with this email a role (agent: in these districts); how many roles were added. */
  assign(email: string, role: AppRole, districtIds: string[]): Promise<number>;
  /** Removes one role; `not_found` if it is gone or not the caller's to remove. */
  remove(id: string): Promise<void>;
  settings(): Promise<CitySettings>;
  /** Saves the settings (admins only: `forbidden` for anyone else). */
  saveSettings(settings: CitySettings): Promise<CitySettings>;
}

type SettingsRow = Pick<Tables<'city_settings'>, 'moderation_mode' | 'report_threshold'>;

const toSettings = (row: SettingsRow): CitySettings => ({
  moderationMode: row.moderation_mode,
  reportThreshold: row.report_threshold,
});

export function createAdminApi(db: DataSource): AdminApi {
  return {
    async holders() {
      const { data, error, status } = await db().rpc('role_holders');
      if (error) throw toApiError(error, status);
      // A function's table columns are nullable in the generated types; the function fills each.
      return data.flatMap((row) =>
        row.role === null
          ? []
          : [
              {
                id: String(row.id),
                userId: row.user_id ?? '',
                email: row.email ?? '',
                displayName: row.display_name ?? '',
                role: row.role,
                districtId: row.district_id === null ? null : String(row.district_id),
              },
            ],
      );
    },
    async assign(email, role, districtIds) {
      const { data, error, status } = await db().rpc('assign_role', {
        p_email: email.trim(),
        p_role: role,
        ...(role === 'agent' ? { p_district_ids: districtIds.map(Number) } : {}),
      });
      if (error) throw toApiError(error, status);
      return Number(data);
    },
    async remove(id) {
      const { data, error, status } = await db().from('user_roles').delete().eq('id', Number(id)).select('id');
      if (error) throw toApiError(error, status);
      if (data.length === 0) throw new ApiError('not_found', 'no such role', 404);
    },
    async settings() {
      const { data, error, status } = await db()
        .from('city_settings')
        .select('moderation_mode, report_threshold')
        .single();
      if (error) throw toApiError(error, status);
      return toSettings(data);
    },
    async saveSettings({ moderationMode, reportThreshold }) {
      const { data, error, status } = await db()
        .from('city_settings')
        .update({ moderation_mode: moderationMode, report_threshold: reportThreshold })
        .eq('id', true)
        .select('moderation_mode, report_threshold');
      if (error) throw toApiError(error, status);
      // Row-level security leaves a non-admin's update nothing to change.
      const row = data[0];
      if (!row) throw new ApiError('forbidden', 'only admins change the city settings', 403);
      return toSettings(row);
    },
  };
}
