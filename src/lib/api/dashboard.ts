import type { DataSource } from './client.ts';
import type { Json } from './database.types.ts';
import { toApiError } from './errors.ts';
import { jsonArray, jsonNumber, jsonObject, toJson } from './json.ts';
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

/** Rows of a `{columns, rows}` table as objects keyed by its own column names (so column order may change). */
function records(table: Json | undefined): Record<string, unknown>[] {
  const { columns, rows } = jsonObject(table, 'dashboard_data');
  const names = jsonArray(columns, 'dashboard_data').map(String);
  return jsonArray(rows, 'dashboard_data').map((row) =>
    Object.fromEntries(names.map((name, i) => [name, Array.isArray(row) ? row[i] : undefined])),
  );
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
      const answer = jsonObject(data, 'dashboard_data');
      return { proposals: records(answer.proposals).map(toProposal), votes: records(answer.votes).map(toVote) };
    },
    async participants(proposalIds, groups) {
      const { data, error, status } = await db().rpc('dashboard_participants', {
        p_proposal_ids: proposalIds.map(Number),
        p_groups: [...groups],
      });
      if (error) throw toApiError(error, status);
      return new Map(data.map((r) => [Number(r.group_index), Number(r.participants)]));
    },
    async importDistricts(collection) {
      const { data, error, status } = await db().rpc('import_districts', { p_features: toJson(collection) });
      if (error) throw toApiError(error, status);
      const r = jsonObject(data, 'import_districts');
      return {
        inserted: jsonNumber(r.inserted),
        updated: jsonNumber(r.updated),
        removed: jsonNumber(r.removed),
        reassigned: jsonNumber(r.reassigned),
        outside: jsonNumber(r.outside),
        agentRolesRemoved: jsonNumber(r.agent_roles_removed),
      };
    },
  };
}
