import { loadCity } from '../../supabase/local/city/load-city.ts';
import { readCategories, readLegalTexts, readSettings } from '../../supabase/local/city/pack-extras.ts';
import {
  connect,
  grantAdmin,
  loadCityRows,
  missingMigrations,
  userIdByEmail,
  type DatabaseOutcome,
} from './database.ts';
import { checkServiceKey, ensureBuckets, inviteAdmin, serviceClient, uploadLegalTexts } from './project.ts';
import { SetupError } from './setup-error.ts';

export interface SetupOptions {
  /** The project's API URL (https://<ref>.supabase.co, or the local stack's). */
  supabaseUrl: string;
  serviceRoleKey: string;
  /** A connection string with the rights of the `postgres` role. */
  databaseUrl: string;
  /** A city pack folder; undefined loads the synthetic demo city. */
  cityPack: string | undefined;
  /** The first admin, invited by email when the account does not exist yet. */
  adminEmail: string | undefined;
  /** Where the invitation link leads (the app's URL); Auth's site URL when unset. */
  siteUrl: string | undefined;
}

export interface SetupOutcome extends DatabaseOutcome {
  city: string;
  bucketsCreated: string[];
  legalTexts: number;
  admin: { email: string; invited: boolean; granted: boolean } | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Prepares a Supabase project from a city pack. Every check (pack, email, key, database reachable,
 * migrations applied) comes before the first write, and the rows go in one transaction, so that a
 * refusal changes nothing. Running it again with the same pack changes nothing either.
 */
export async function runSetup(options: SetupOptions): Promise<SetupOutcome> {
  let city;
  try {
    city = loadCity(options.cityPack);
  } catch (error) {
    throw new SetupError(`the city pack is not valid, nothing was changed: ${(error as Error).message}`);
  }
  const dir = city.dir;
  let extras;
  try {
    extras = {
      categories: dir ? readCategories(dir) : undefined,
      settings: dir ? readSettings(dir) : {},
      legal: dir ? readLegalTexts(dir) : [],
    };
  } catch (error) {
    throw new SetupError(`the city pack is not valid, nothing was changed: ${(error as Error).message}`);
  }
  const adminEmail = options.adminEmail?.trim();
  if (adminEmail !== undefined && !EMAIL.test(adminEmail)) {
    throw new SetupError(`ADMIN_EMAIL "${adminEmail}" is not an email address`);
  }

  const api = serviceClient(options.supabaseUrl, options.serviceRoleKey);
  await checkServiceKey(api, options.supabaseUrl);
  const db = await connect(options.databaseUrl);
  try {
    const missing = await missingMigrations(db);
    if (missing.length > 0) {
      throw new SetupError(
        `the database lacks ${missing.length} migration(s) (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): ` +
          'run `supabase link --project-ref <ref>` then `supabase db push` first, nothing was changed',
      );
    }
    const rows = await loadCityRows(db, { city, categories: extras.categories, settings: extras.settings });
    const bucketsCreated = await ensureBuckets(api);
    await uploadLegalTexts(api, extras.legal);

    let admin: SetupOutcome['admin'];
    if (adminEmail !== undefined) {
      let userId = await userIdByEmail(db, adminEmail);
      const invited = userId === undefined;
      userId ??= await inviteAdmin(api, adminEmail, options.siteUrl);
      admin = { email: adminEmail, invited, granted: await grantAdmin(db, userId) };
    }
    return { ...rows, city: city.info.name, bucketsCreated, legalTexts: extras.legal.length, admin };
  } finally {
    await db.end();
  }
}
