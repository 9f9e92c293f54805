import type { DataSource } from './client.ts';
import { toApiError } from './errors.ts';
import type { MyRoles } from './types.ts';

export interface RolesApi {
  /** The signed-in person's roles (RLS: everyone reads only their own rows, admins read all). */
  mine(userId: string): Promise<MyRoles>;
}

export function createRolesApi(db: DataSource): RolesApi {
  return {
    async mine(userId) {
      const { data, error, status } = await db().from('user_roles').select('role, district_id').eq('user_id', userId);
      if (error) throw toApiError(error, status);
      const rows = data;
      return {
        agentDistrictIds: rows.filter((r) => r.role === 'agent').map((r) => String(r.district_id)),
        planner: rows.some((r) => r.role === 'planner'),
        admin: rows.some((r) => r.role === 'admin'),
      };
    },
  };
}
