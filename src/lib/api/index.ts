/**
 * The data-access layer: the only code that imports @supabase/supabase-js. Everything above it
 * gets domain types (camelCase) and, on failure, an ApiError with a stable code.
 */
import { createAuthApi, type AuthApi } from './auth.ts';
import { createCategoriesApi, type CategoriesApi } from './categories.ts';
import { createSupabase } from './client.ts';
import { createCommentsApi, type CommentsApi } from './comments.ts';
import { createDistrictsApi, type DistrictsApi } from './districts.ts';
import { createProposalsApi, type ProposalsApi } from './proposals.ts';
import { createRolesApi, type RolesApi } from './roles.ts';
import type { ApiConfig } from './types.ts';

export interface Api {
  auth: AuthApi;
  districts: DistrictsApi;
  categories: CategoriesApi;
  proposals: ProposalsApi;
  comments: CommentsApi;
  roles: RolesApi;
}

export function createApi(config: ApiConfig): Api {
  const client = createSupabase(config);
  return {
    auth: createAuthApi(client),
    districts: createDistrictsApi(client),
    categories: createCategoriesApi(client),
    proposals: createProposalsApi(client),
    comments: createCommentsApi(client),
    roles: createRolesApi(client),
  };
}

export { ApiError, isApiError, type ApiErrorCode } from './errors.ts';
export type { AuthApi } from './auth.ts';
export type { CategoriesApi } from './categories.ts';
export type { CommentsApi } from './comments.ts';
export type { DistrictsApi } from './districts.ts';
export type { ProposalsApi } from './proposals.ts';
export type { RolesApi } from './roles.ts';
export { PROPOSAL_STATUSES, REPORT_REASONS } from './types.ts';
export type {
  ApiConfig,
  Category,
  Comment,
  District,
  DistrictGeometry,
  MyRoles,
  NewProposal,
  NewReport,
  Proposal,
  ProposalStatus,
  ReportReason,
  SessionUser,
  VoteCounts,
  VoteValue,
} from './types.ts';
