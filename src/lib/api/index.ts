/**
 * The data-access layer: the only code that imports @supabase/supabase-js. Everything above it
 * gets domain types (camelCase) and, on failure, an ApiError with a stable code.
 */
import { createAdminApi, type AdminApi } from './admin.ts';
import { createAuthApi, type AuthApi } from './auth.ts';
import { createCategoriesApi, type CategoriesApi } from './categories.ts';
import { Backend } from './client.ts';
import { createCommentsApi, type CommentsApi } from './comments.ts';
import { createDashboardApi, type DashboardApi } from './dashboard.ts';
import { createDistrictsApi, type DistrictsApi } from './districts.ts';
import { createModerationApi, type ModerationApi } from './moderation.ts';
import { createModerationLogApi, type ModerationLogApi } from './moderation-log.ts';
import { createPhotosApi, type PhotosApi } from './photos.ts';
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
  dashboard: DashboardApi;
  admin: AdminApi;
  moderationLog: ModerationLogApi;
  moderation: ModerationApi;
  photos: PhotosApi;
}

export function createApi(config: ApiConfig): Api {
  const backend = new Backend(config);
  return {
    auth: createAuthApi(backend),
    districts: createDistrictsApi(backend.db),
    categories: createCategoriesApi(backend.db),
    proposals: createProposalsApi(backend.db),
    comments: createCommentsApi(backend.db),
    roles: createRolesApi(backend.db),
    dashboard: createDashboardApi(backend.db),
    admin: createAdminApi(backend.db),
    moderationLog: createModerationLogApi(backend.db),
    moderation: createModerationApi(backend.db),
    photos: createPhotosApi(backend, config),
  };
}

export { ApiError, isApiError, type ApiErrorCode } from './errors.ts';
export { APP_ROLES } from './admin.ts';
export type { AdminApi, AppRole, CitySettings, ModerationMode, RoleHolder } from './admin.ts';
export { HIDING_ACTIONS } from './moderation-log.ts';
export { MODERATION_REASONS } from './moderation.ts';
export type {
  CommentAction,
  ModerationApi,
  ModerationCommand,
  ModerationItem,
  ModerationReason,
  ModerationState,
  ProposalAction,
} from './moderation.ts';
export type { HidingAction, ModerationFigure, ModerationLogApi } from './moderation-log.ts';
export type { AuthApi } from './auth.ts';
export type { CategoriesApi } from './categories.ts';
export type { CommentsApi } from './comments.ts';
export type { DashboardApi } from './dashboard.ts';
export type { DistrictsApi } from './districts.ts';
export type { PhotosApi } from './photos.ts';
export type { ProposalsApi } from './proposals.ts';
export type { RolesApi } from './roles.ts';
export { PROPOSAL_STATUSES, REPORT_REASONS, VOTING_CLOSED_REASONS } from './types.ts';
export { closedReasonOf, votingClosedReason } from './voting.ts';
export type {
  ApiConfig,
  Category,
  Comment,
  DashboardData,
  DashboardProposal,
  DashboardVote,
  District,
  DistrictGeometry,
  DistrictsImport,
  MyRoles,
  NewProposal,
  NewReport,
  Proposal,
  ProposalPoint,
  ProposalStatus,
  ReportReason,
  SessionUser,
  VoteCounts,
  VoteResult,
  VoteValue,
  VotingClosedReason,
} from './types.ts';
