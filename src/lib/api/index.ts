/**
 * The data-access layer: the only code that imports @supabase/supabase-js. Everything above it
 * gets domain types (camelCase) and, on failure, an ApiError with a stable code.
 */
import { createAdminApi, type AdminApi } from './admin.ts';
import { createAuthApi, type AuthApi } from './auth.ts';
import { createCategoriesApi, type CategoriesApi } from './categories.ts';
import { createSupabase } from './client.ts';
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
  const client = createSupabase(config);
  return {
    auth: createAuthApi(client),
    districts: createDistrictsApi(client),
    categories: createCategoriesApi(client),
    proposals: createProposalsApi(client),
    comments: createCommentsApi(client),
    roles: createRolesApi(client),
    dashboard: createDashboardApi(client),
    admin: createAdminApi(client),
    moderationLog: createModerationLogApi(client),
    moderation: createModerationApi(client),
    photos: createPhotosApi(client, config),
  };
}

export { ApiError, isApiError, type ApiErrorCode } from './errors.ts';
export { ADMIN_REFUSALS, AdminError, APP_ROLES } from './admin.ts';
export type { AdminApi, AdminRefusal, AppRole, CitySettings, ModerationMode, RoleHolder } from './admin.ts';
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
export { PROPOSAL_STATUSES, REPORT_REASONS } from './types.ts';
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
  VoteValue,
} from './types.ts';
