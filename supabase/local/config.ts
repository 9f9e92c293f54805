import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseToml, type TomlTable, type TomlValue } from './toml.ts';

/** The Supabase CLI's well-known local secret and demo keys (signed with it, expire in 2033). */
export const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
export const LOCAL_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';

export interface StackConfig {
  /** Where the embedded database, stored files and logs live. */
  dataDir: string;
  /** A PostgreSQL to use instead of the embedded PGlite. */
  databaseUrl: string | undefined;
  /** City pack folder, or undefined for the synthetic demo city. */
  cityPack: string | undefined;
  seedDemo: boolean;
  host: string;
  apiPort: number;
  /** pglite-socket listener that PostgREST connects to (PGlite lane only). */
  dbPort: number;
  postgrestPort: number;
  postgrestAdminPort: number;
  mailboxPort: number;
  /** Who answers on apiPort: nginx in front of the Node gateway when installed (`auto`), or one of them. */
  gateway: 'auto' | 'nginx' | 'node';
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Where links in emails point to (the app). */
  siteUrl: string;
  /** Deliver the moderation emails into the local mailbox; off when `npm run notify` drains the outbox. */
  localNotifier: boolean;
  /** Public URL of the API, used in links the API hands out. */
  apiUrl: string;
  /** Auth rate limits; 0 disables a limit (tests of other things may do that). */
  rateLimits: {
    signInSignUpPer5Min: number;
    verifyPer5Min: number;
    /** Emails to one address per hour. */
    emailSentPerHour: number;
    /** Emails to all addresses together per hour: the ceiling that protects the SMTP account. */
    emailSentTotalPerHour: number;
    tokenRefreshPer5Min: number;
  };
  auth: AuthSettings;
  /** `[storage]`: the largest object any bucket accepts, in bytes. */
  storage: { fileSizeLimit: number };
  /** `[api]`: the schemas PostgREST exposes and the most rows one response returns. */
  api: { schemas: string[]; maxRows: number };
}

/** `[auth]` and `[auth.email]` of config.toml, as GoTrue reads them. */
export interface AuthSettings {
  enableSignup: boolean;
  /** New addresses must be confirmed by an emailed link before signing in (false: GoTrue's autoconfirm). */
  enableConfirmations: boolean;
  /** An email change needs a link to the current address too. */
  doubleConfirmChanges: boolean;
  /** A password change needs the code of GET /reauthenticate (`nonce`). */
  securePasswordChange: boolean;
  minimumPasswordLength: number;
  /** Lifetime of an access token, in seconds. */
  jwtExpiry: number;
  enableRefreshTokenRotation: boolean;
  /** Seconds during which a rotated refresh token may be presented again (concurrent tabs). */
  refreshTokenReuseInterval: number;
  /** Where email links may lead besides the site (exact URLs, or `*` / `**` globs as GoTrue allows). */
  additionalRedirectUrls: string[];
}

/** supabase/config.toml, next to this folder. */
export const CONFIG_TOML = new URL('../config.toml', import.meta.url).pathname;

function int(value: string | undefined, fallback: number): number {
  const parsed = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(parsed) ? parsed : fallback;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return fallback;
}

/** A value of config.toml by its dotted path, checked against the type it must have. */
function lookup(toml: TomlTable, path: string): TomlValue | undefined {
  let value: TomlValue | undefined = toml;
  for (const key of path.split('.')) {
    value = value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
  }
  return value;
}

function setting<T extends TomlValue>(toml: TomlTable, path: string, fallback: T): T {
  const value = lookup(toml, path);
  if (value === undefined) return fallback;
  if (typeof value !== typeof fallback || Array.isArray(value) !== Array.isArray(fallback)) {
    throw new Error(`config.toml: ${path} must be a ${Array.isArray(fallback) ? 'list' : typeof fallback}`);
  }
  return value as T;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** "5MiB", "50MB" or a number of bytes, as the CLI reads `file_size_limit`. */
export function parseSize(value: TomlValue): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw new Error('config.toml: file_size_limit must be a size such as "5MiB"');
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new Error(`config.toml: "${value}" is not a size`);
  return Math.floor(Number(match[1]) * unit);
}

/**
 * The stack's settings: supabase/config.toml (the file the Supabase CLI pushes to a hosted
 * project), with environment variables on top for tests and the demo.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, tomlPath = CONFIG_TOML): StackConfig {
  const toml = parseToml(readFileSync(tomlPath, 'utf8'));
  const host = env.STACK_HOST ?? '127.0.0.1';
  const apiPort = int(env.API_PORT, 54321);
  const rate = (key: string, fallback: number) => setting(toml, `auth.rate_limit.${key}`, fallback);
  return {
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    cityPack: env.CITY_PACK ? resolve(env.CITY_PACK) : undefined,
    seedDemo: (env.SEED_DEMO ?? '1') === '1',
    host,
    apiPort,
    dbPort: int(env.DB_PORT, 54322),
    postgrestPort: int(env.POSTGREST_PORT, 54330),
    postgrestAdminPort: int(env.POSTGREST_ADMIN_PORT, 54331),
    mailboxPort: int(env.MAILBOX_PORT, 54324),
    gateway: env.GATEWAY === 'nginx' || env.GATEWAY === 'node' ? env.GATEWAY : 'auto',
    jwtSecret: LOCAL_JWT_SECRET,
    anonKey: LOCAL_ANON_KEY,
    serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    siteUrl:
      env.SITE_URL ??
      (env.APP_PORT
        ? `http://127.0.0.1:${int(env.APP_PORT, 5173)}`
        : setting(toml, 'auth.site_url', 'http://127.0.0.1:5173')),
    localNotifier: env.LOCAL_NOTIFIER !== '0',
    apiUrl: `http://${host}:${apiPort}`,
    rateLimits: {
      // config.toml's [auth.rate_limit]; the fallbacks are the Supabase CLI's defaults.
      signInSignUpPer5Min: int(env.AUTH_RATE_LIMIT_SIGN_IN, rate('sign_in_sign_ups', 30)),
      verifyPer5Min: int(env.AUTH_RATE_LIMIT_VERIFY, rate('token_verifications', 30)),
      emailSentPerHour: int(env.AUTH_RATE_LIMIT_EMAIL, rate('email_sent', 2)),
      // Not a CLI key (the CLI's email_sent is this ceiling on hosted Supabase): environment only.
      emailSentTotalPerHour: int(env.AUTH_RATE_LIMIT_EMAIL_TOTAL, 100),
      tokenRefreshPer5Min: int(env.AUTH_RATE_LIMIT_REFRESH, rate('token_refresh', 150)),
    },
    auth: {
      enableSignup: bool(
        env.AUTH_ENABLE_SIGNUP,
        setting(toml, 'auth.enable_signup', true) && setting(toml, 'auth.email.enable_signup', true),
      ),
      enableConfirmations: bool(env.AUTH_ENABLE_CONFIRMATIONS, setting(toml, 'auth.email.enable_confirmations', false)),
      doubleConfirmChanges: bool(
        env.AUTH_DOUBLE_CONFIRM_CHANGES,
        setting(toml, 'auth.email.double_confirm_changes', true),
      ),
      securePasswordChange: setting(toml, 'auth.email.secure_password_change', false),
      minimumPasswordLength: int(env.AUTH_MINIMUM_PASSWORD_LENGTH, setting(toml, 'auth.minimum_password_length', 6)),
      jwtExpiry: int(env.AUTH_JWT_EXPIRY, setting(toml, 'auth.jwt_expiry', 3600)),
      enableRefreshTokenRotation: setting(toml, 'auth.enable_refresh_token_rotation', true),
      refreshTokenReuseInterval: int(
        env.AUTH_REFRESH_TOKEN_REUSE_INTERVAL,
        setting(toml, 'auth.refresh_token_reuse_interval', 10),
      ),
      additionalRedirectUrls: setting(toml, 'auth.additional_redirect_urls', [] as string[]),
    },
    storage: { fileSizeLimit: parseSize(lookup(toml, 'storage.file_size_limit') ?? '50MiB') },
    api: {
      schemas: setting(toml, 'api.schemas', ['public', 'graphql_public'] as string[]),
      maxRows: setting(toml, 'api.max_rows', 1000),
    },
  };
}
