import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY } from '../../supabase/local/config.ts';
import { runSetup, type SetupOptions } from '../../scripts/setup/run-setup.ts';
import { SetupError } from '../../scripts/setup/setup-error.ts';
import { anonClient, mailTo } from '../support/clients.ts';
import { startTestStack, type TestStack } from '../../harness/stack.ts';

const FIRENZE = new URL('../../../shared/city-packs/firenze/', import.meta.url).pathname;
const ADMIN = 'first-admin@city.example';

/** A pack as a city would write one: Florence's districts, its categories, settings and a privacy notice. */
function writePack(root: string, name: string, edit?: (districts: { features: { properties: object }[] }) => void) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'legal'), { recursive: true });
  const districts = JSON.parse(readFileSync(join(FIRENZE, 'districts.geojson'), 'utf8')) as {
    features: { properties: object }[];
  };
  edit?.(districts);
  writeFileSync(join(dir, 'districts.geojson'), JSON.stringify(districts));
  writeFileSync(
    join(dir, 'city.json'),
    JSON.stringify({ name: 'Firenze', locale: 'it', settings: { moderation_mode: 'pre', report_threshold: 5 } }),
  );
  writeFileSync(
    join(dir, 'categories.json'),
    JSON.stringify([
      { slug: 'trams', label_fr: 'Tramways', label_en: 'Trams', color: '#1d4ed8', icon: 'bus' },
      { slug: 'parks', label_fr: 'Parcs', label_en: 'Parks', color: '#15803d', icon: 'tree' },
    ]),
  );
  writeFileSync(join(dir, 'legal', 'privacy.fr.md'), '# Données personnelles\n\nLa ville traite…\n');
  return dir;
}

/**
 * `npm run setup` against a local stack as a city would run it against its project: the stack holds
 * only the synthetic city (SEED_DEMO=0), setup loads Florence, invites the first admin, creates the
 * buckets; again changes nothing; a broken pack or a wrong key is refused with nothing changed.
 */
describe('npm run setup', () => {
  let stack: TestStack;
  let db: pg.Client;
  let packs: string;
  let options: SetupOptions;

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query<{ n: string }>(`select count(*) as n from (${sql}) q`, params)).rows[0]!.n);
  const districtSlugs = async (): Promise<string[]> =>
    (await db.query<{ slug: string }>('select slug from public.districts order by id')).rows.map((r) => r.slug);

  beforeAll(async () => {
    stack = await startTestStack(undefined, { SEED_DEMO: '0' });
    const databaseUrl =
      stack.config.databaseUrl ??
      `postgres://postgres:postgres@127.0.0.1:${stack.config.dbPort}/postgres?sslmode=disable`;
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    packs = mkdtempSync(join(tmpdir(), 'packs-'));
    options = {
      supabaseUrl: stack.config.apiUrl,
      serviceRoleKey: stack.config.serviceRoleKey,
      databaseUrl,
      cityPack: writePack(packs, 'firenze'),
      adminEmail: ADMIN,
      siteUrl: 'https://participation.city.example/',
    };
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    rmSync(packs, { recursive: true, force: true });
  });

  it('loads the city, invites the first admin by email and creates the buckets', async () => {
    const demoville = await districtSlugs();
    const outcome = await runSetup(options);

    expect(outcome).toMatchObject({ city: 'Firenze', districtsAdded: 5, districtsUpdated: 0, legalTexts: 1 });
    expect(outcome.districtsNotInPack).toEqual(demoville);
    expect(outcome.admin).toEqual({ email: ADMIN, invited: true, granted: true });
    expect(await districtSlugs()).toEqual([
      ...demoville,
      'centro-storico',
      'campo-di-marte',
      'gavinana-galluzzo',
      'isolotto-legnaia',
      'rifredi',
    ]);
    expect(await count(`select 1 from public.districts where slug = 'rifredi' and population > 100000`)).toBe(1);
    expect(await count(`select 1 from public.categories where slug in ('trams', 'parks')`)).toBe(2);
    const settings = await db.query('select city_name, moderation_mode, report_threshold from public.city_settings');
    expect(settings.rows).toEqual([{ city_name: 'Firenze', moderation_mode: 'pre', report_threshold: 5 }]);

    const mail = await mailTo(ADMIN, stack.mailboxUrl);
    expect(mail).toHaveLength(1);
    expect(`${mail[0]!.subject}\n${mail[0]!.text}`).toMatch(/invit/i);
    expect(
      await count(
        `select 1 from public.user_roles r join auth.users u on u.id = r.user_id where u.email = $1 and r.role = 'admin'`,
        [ADMIN],
      ),
    ).toBe(1);

    const service = anonClient(stack.config.apiUrl, stack.config.serviceRoleKey);
    const { data: buckets } = await service.storage.listBuckets();
    expect(buckets?.map((b) => b.id).sort()).toEqual(['city-documents', 'proposal-photos']);
    const visitor = anonClient(stack.config.apiUrl, LOCAL_ANON_KEY);
    // A public bucket: anyone reads its files by their public address, as on Supabase.
    const { data: link } = visitor.storage.from('city-documents').getPublicUrl('legal/privacy.fr.md');
    const privacy = await fetch(link.publicUrl);
    expect(privacy.status).toBe(200);
    expect(await privacy.text()).toContain('Données personnelles');
  });

  it('changes nothing when run again with the same pack', async () => {
    const before = await db.query('select id, slug, updated_at from public.districts order by id');
    const outcome = await runSetup(options);
    expect(outcome).toMatchObject({ districtsAdded: 0, districtsUpdated: 0, bucketsCreated: [] });
    expect(outcome.admin).toEqual({ email: ADMIN, invited: false, granted: false });
    expect((await db.query('select id, slug, updated_at from public.districts order by id')).rows).toEqual(before.rows);
    expect(await mailTo(ADMIN, stack.mailboxUrl)).toHaveLength(1);
  });

  it('refuses a broken pack with a clear error and changes nothing', async () => {
    const before = await districtSlugs();
    const notGeoJson = writePack(packs, 'point', (d) => {
      (d.features[1] as { geometry?: unknown }).geometry = { type: 'Point', coordinates: [11.2, 43.7] };
    });
    await expect(runSetup({ ...options, cityPack: notGeoJson, adminEmail: 'second@city.example' })).rejects.toThrow(
      /city pack is not valid.*feature 1 is not a Polygon/,
    );
    // Valid to the pack reader, refused by the database half-way through: the transaction undoes the rest.
    const refusedByDb = writePack(packs, 'negative', (d) => {
      d.features[0]!.properties = { name: 'Nuovo Quartiere', population: 10 };
      d.features[1]!.properties = { name: 'Quartiere Negativo', population: -5 };
    });
    await expect(runSetup({ ...options, cityPack: refusedByDb, adminEmail: 'second@city.example' })).rejects.toThrow(
      /database refused the city pack, nothing was changed.*districts_population_not_negative/,
    );
    expect(await districtSlugs()).toEqual(before);
    expect(await mailTo('second@city.example', stack.mailboxUrl)).toHaveLength(0);
  });

  it('refuses a wrong key before writing anything', async () => {
    const before = await districtSlugs();
    const other = writePack(packs, 'other', (d) => {
      d.features[0]!.properties = { name: 'Altrove', population: 10 };
    });
    for (const serviceRoleKey of [LOCAL_ANON_KEY, 'not-a-key']) {
      const attempt = runSetup({ ...options, serviceRoleKey, cityPack: other, adminEmail: 'third@city.example' });
      await expect(attempt).rejects.toBeInstanceOf(SetupError);
      await expect(attempt).rejects.toThrow(/refused the service key/);
    }
    expect(await districtSlugs()).toEqual(before);
    expect(await mailTo('third@city.example', stack.mailboxUrl)).toHaveLength(0);
  });
});
