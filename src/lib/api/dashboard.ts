import type { DataSource } from './client.ts';
import { ApiError, toApiError } from './errors.ts';
import type { DashboardData, DashboardProposal, DashboardVote, DistrictsImport } from './types.ts';

/** The planners' dashboard (planners and admins only: anyone else gets ApiError `forbidden`). */
export interface DashboardApi {
  /** Published proposals and the votes on them, without any identity. */
  data(): Promise<DashboardData>;
  /** Distinct participants per group, one group index per proposal id (counts only). */
  participants(proposalIds: readonly string[], groups: readonly number[]): Promise<Map<number, number>>;
  /** Replaces the official districts (a GeoJSON FeatureCollection); the database reassigns proposals. */
  importDistricts(collection: unknown): Promise<DistrictsImport>;
}

interface Table {
  columns: string[];
  rows: unknown[][];
}

/** Rows as objects keyed by the answer's own column names (so column order may change). */
function records(table: Table | undefined): Record<string, unknown>[] {
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    throw new ApiError('unknown', 'the dashboard data has no columns or rows');
  }
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])));
}

const toProposal = (r: Record<string, unknown>): DashboardProposal => ({
  id: String(r.id),
  lng: Number(r.lng),
  lat: Number(r.lat),
  title: String(r.title ?? ''),
  category: String(r.category ?? ''),
  status: String(r.status ?? ''),
  createdAt: String(r.created_at ?? ''),
  agreeCount: Number(r.agree ?? 0),
  disagreeCount: Number(r.disagree ?? 0),
  commentCount: Number(r.comments ?? 0),
});

const toVote = (r: Record<string, unknown>): DashboardVote => ({
  proposalId: String(r.proposal_id),
  value: Number(r.value) > 0 ? 'agree' : 'disagree',
  createdAt: String(r.cast_at ?? ''),
  voterYoung: r.young_account === true,
});

export function createDashboardApi(db: DataSource): DashboardApi {
  return {
    async data() {
      const { data, error, status } = await db().rpc('dashboard_data');
      if (error) throw toApiError(error, status);
      const answer = data as { proposals?: Table; votes?: Table };
      return { proposals: records(answer.proposals).map(toProposal), votes: records(answer.votes).map(toVote) };
    },
    async participants(proposalIds, groups) {
      const { data, error, status } = await db().rpc('dashboard_participants', {
        p_proposal_ids: proposalIds.map(Number),
        p_groups: [...groups],
      });
      if (error) throw toApiError(error, status);
      const rows = data as { group_index: number; participants: number }[];
      return new Map(rows.map((r) => [Number(r.group_index), Number(r.participants)]));
    },
    async importDistricts(collection) {
      const { data, error, status } = await db().rpc('import_districts', { p_features: collection });
      if (error) throw toApiError(error, status);
      const r = data as Record<string, number>;
      return {
        inserted: r.inserted ?? 0,
        updated: r.updated ?? 0,
        removed: r.removed ?? 0,
        reassigned: r.reassigned ?? 0,
        outside: r.outside ?? 0,
        agentRolesRemoved: r.agent_roles_removed ?? 0,
      };
    },
  };
}
