/**
 * The data-access layer: the only code that imports @supabase/supabase-js. Everything above it
 * gets domain types (camelCase) and, on failure, an ApiError with a stable code.
 */
import { createAuthApi, type AuthApi } from './auth.ts';
import { createSupabase } from './client.ts';
import { createDistrictsApi, type DistrictsApi } from './districts.ts';
import type { ApiConfig } from './types.ts';

export interface Api {
  auth: AuthApi;
  districts: DistrictsApi;
}

export function createApi(config: ApiConfig): Api {
  const client = createSupabase(config);
  return { auth: createAuthApi(client), districts: createDistrictsApi(client) };
}

export { ApiError, isApiError, type ApiErrorCode } from './errors.ts';
export type { AuthApi } from './auth.ts';
export type { DistrictsApi } from './districts.ts';
export type { ApiConfig, District, DistrictGeometry, SessionUser } from './types.ts';
