/**
 * `npm run setup`: prepares a Supabase project (hosted, or the local stack) from a city pack.
 *
 *   SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, DATABASE_URL   the project (all three, or none: the
 *                                    local stack of `npm start`, with its ports and keys)
 *   CITY_PACK                        the city pack folder [the synthetic demo city]
 *   ADMIN_EMAIL                      the first admin, invited by email if the account does not exist
 *   SITE_URL                         where the invitation link leads [Auth's site URL]
 *
 * See docs/deploy.md. Exit 0 when done, 1 with a one-line reason when refused.
 */
import { loadConfig } from '../supabase/local/config.ts';
import { runSetup, type SetupOptions } from './setup/run-setup.ts';
import { SetupError } from './setup/setup-error.ts';

function optionsFromEnv(env: NodeJS.ProcessEnv): SetupOptions {
  const common = {
    cityPack: env.CITY_PACK || undefined,
    adminEmail: env.ADMIN_EMAIL || undefined,
    siteUrl: env.SITE_URL || undefined,
  };
  const project = [env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, env.DATABASE_URL];
  if (project.every(Boolean)) {
    return {
      ...common,
      supabaseUrl: env.SUPABASE_URL!.replace(/\/+$/, ''),
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY!,
      databaseUrl: env.DATABASE_URL!,
    };
  }
  if (env.SUPABASE_URL || env.SUPABASE_SERVICE_ROLE_KEY) {
    throw new SetupError('set SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY and DATABASE_URL together (docs/deploy.md)');
  }
  const local = loadConfig(env);
  console.log(`No SUPABASE_URL: preparing the local stack at ${local.apiUrl}`);
  return {
    ...common,
    supabaseUrl: local.apiUrl,
    serviceRoleKey: local.serviceRoleKey,
    databaseUrl: local.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${local.dbPort}/postgres?sslmode=disable`,
  };
}

try {
  const outcome = await runSetup(optionsFromEnv(process.env));
  const lines = [
    `City            ${outcome.city}`,
    `Districts       ${outcome.districtsAdded} added, ${outcome.districtsUpdated} updated`,
    ...(outcome.districtsNotInPack.length
      ? [`                kept, not in the pack: ${outcome.districtsNotInPack.join(', ')}`]
      : []),
    `Buckets         ${outcome.bucketsCreated.length ? `created ${outcome.bucketsCreated.join(', ')}` : 'all present'}`,
    `Legal texts     ${outcome.legalTexts}`,
    outcome.admin
      ? `First admin     ${outcome.admin.email}: ${outcome.admin.invited ? 'invitation sent' : 'account exists'}, ${outcome.admin.granted ? 'made admin' : 'already admin'}`
      : 'First admin     none (set ADMIN_EMAIL)',
  ];
  console.log(lines.join('\n'));
} catch (error) {
  if (error instanceof SetupError) console.error(`npm run setup: ${error.message}`);
  else console.error('npm run setup failed:', error);
  process.exit(1);
}
