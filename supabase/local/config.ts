import { resolve } from 'node:path';

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
    emailSentPerHour: number;
    tokenRefreshPer5Min: number;
  };
}

function int(value: string | undefined, fallback: number): number {
  const parsed = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(parsed) ? parsed : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const host = env.STACK_HOST ?? '127.0.0.1';
  const apiPort = int(env.API_PORT, 54321);
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
    siteUrl: env.SITE_URL ?? `http://127.0.0.1:${int(env.APP_PORT, 5173)}`,
    localNotifier: env.LOCAL_NOTIFIER !== '0',
    apiUrl: `http://${host}:${apiPort}`,
    rateLimits: {
      // Supabase CLI defaults (config.toml [auth.rate_limit]).
      signInSignUpPer5Min: int(env.AUTH_RATE_LIMIT_SIGN_IN, 30),
      verifyPer5Min: int(env.AUTH_RATE_LIMIT_VERIFY, 30),
      emailSentPerHour: int(env.AUTH_RATE_LIMIT_EMAIL, 2),
      tokenRefreshPer5Min: int(env.AUTH_RATE_LIMIT_REFRESH, 150),
    },
  };
}
