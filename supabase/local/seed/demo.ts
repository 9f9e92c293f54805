import { randomUUID } from 'node:crypto';
import type { Position } from 'geojson';
import type { ServiceContext } from '../http.ts';
import { asSuperuser } from '../db/database.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { CityPack, DistrictGeometry } from '../city/load-city.ts';
import type { SqlClient } from './city.ts';
import { ANSWERS, COMMENTS, FIRST_NAMES, LAST_INITIALS, PROPOSALS } from './demo-content.ts';

export const DEMO_PASSWORD = 'demo-password';

/** The fixed demo accounts (DESIGN.md, "Demo content and accounts"). */
export const DEMO_ACCOUNTS = [
  { email: 'resident@demo.local', name: 'Rosa Residente' },
  { email: 'resident2@demo.local', name: 'Rémi Riverain' },
  { email: 'agent@demo.local', name: 'Agnès Agent' },
  { email: 'agent2@demo.local', name: 'Aldo Agente' },
  { email: 'planner@demo.local', name: 'Paola Planner' },
  { email: 'admin@demo.local', name: 'Adrien Admin' },
] as const;

const EXTRA_RESIDENTS = 36;
const DAY = 24 * 60 * 60 * 1000;

/** mulberry32, so that every run seeds the same city. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ringContains(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function geometryContains(geometry: DistrictGeometry, x: number, y: number): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => rings.filter((ring) => ringContains(ring, x, y)).length % 2 === 1);
}

/** A random point well inside a district (rejection sampling in its bounding box). */
function pointIn(geometry: DistrictGeometry, next: () => number): [number, number] {
  const positions = geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
  const xs = positions.map((p) => p[0]!);
  const ys = positions.map((p) => p[1]!);
  const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const x = Math.round((w + (e - w) * next()) * 1e6) / 1e6;
    const y = Math.round((s + (n - s) * next()) * 1e6) / 1e6;
    const margin = (e - w) * 0.01;
    if (
      [0, margin, -margin].every((dx) => geometryContains(geometry, x + dx, y) && geometryContains(geometry, x, y + dx))
    ) {
      return [x, y];
    }
  }
  throw new Error('could not place a point in a district');
}

async function createAccount(
  client: SqlClient,
  email: string,
  name: string,
  hash: string,
  createdAt: Date,
): Promise<string> {
  const id = randomUUID();
  await client.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                             raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, $3, $4,
             '{"provider":"email","providers":["email"]}', $5::jsonb, $4, $4)`,
    [id, email, hash, createdAt, JSON.stringify({ display_name: name })],
  );
  await client.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
     values ($1::text, $1::text::uuid, $2::jsonb, 'email', $3, $3)`,
    [id, JSON.stringify({ sub: id, email, email_verified: true }), createdAt],
  );
  // The profile trigger stamps now(); demo accounts are older (account age feeds the integrity signals).
  await client.query('update public.profiles set created_at = $2 where id = $1', [id, createdAt]);
  return id;
}

/** Runs `sql` as if `userId` had called it through the API (auth.uid() = userId). */
async function asUser(client: SqlClient, userId: string, sql: string, params: unknown[]): Promise<void> {
  await client.query(`select set_config('request.jwt.claims', $1, true)`, [
    JSON.stringify({ sub: userId, role: 'authenticated' }),
  ]);
  await client.query(sql, params);
  await client.query(`select set_config('request.jwt.claims', '', true)`);
}

/**
 * Seeds the demo city on an empty database: the districts of the city pack, the demo accounts
 * and their roles, a few dozen residents, and proposals with votes, comments, reports and
 * official answers in every district. Deterministic except for generated ids.
 */
export async function seedDemoContent(client: SqlClient, city: CityPack, now = new Date()): Promise<void> {
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const daysAgo = (days: number): Date => new Date(now.getTime() - days * DAY - Math.floor(next() * DAY));

  const districts = (await client.query('select id from public.districts order by id')).rows as { id: string }[];
  const categories = new Map(
    ((await client.query('select id, slug from public.categories')).rows as { id: string; slug: string }[]).map((c) => [
      c.slug,
      c.id,
    ]),
  );

  const hash = await hashPassword(DEMO_PASSWORD);
  const ids: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    ids[account.email] = await createAccount(client, account.email, account.name, hash, daysAgo(90));
  }
  const residents = [ids['resident@demo.local']!, ids['resident2@demo.local']!];
  for (let i = 0; i < EXTRA_RESIDENTS; i += 1) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_INITIALS[(i * 7) % LAST_INITIALS.length]}.`;
    const email = `neighbour${String(i + 1).padStart(2, '0')}@demo.local`;
    residents.push(await createAccount(client, email, name, hash, daysAgo(60 + Math.floor(next() * 30))));
  }

  const roles: [string, string, string | null][] = [
    [ids['agent@demo.local']!, 'agent', districts[0]!.id],
    [ids['agent2@demo.local']!, 'agent', districts[1]?.id ?? districts[0]!.id],
    [ids['planner@demo.local']!, 'planner', null],
    [ids['admin@demo.local']!, 'admin', null],
  ];
  for (const [userId, role, districtId] of roles) {
    await client.query('insert into public.user_roles (user_id, role, district_id) values ($1, $2, $3)', [
      userId,
      role,
      districtId,
    ]);
  }
  const moderatorOf = (index: number): string =>
    index === 0 ? ids['agent@demo.local']! : index === 1 ? ids['agent2@demo.local']! : ids['admin@demo.local']!;

  let template = 0;
  for (const [index, feature] of city.districts.features.entries()) {
    const district = districts[index];
    if (!district) break;
    const count = 8 + Math.floor(next() * 5);
    const proposalIds: string[] = [];
    for (let k = 0; k < count; k += 1) {
      const text = PROPOSALS[template % PROPOSALS.length]!;
      template += 1;
      // The two demo residents author a few proposals each, in the first districts.
      const author = k === 0 && index < 4 ? residents[index % 2]! : pick(residents.slice(2));
      const [lng, lat] = pointIn(feature.geometry, next);
      const created = daysAgo(2 + Math.floor(next() * 50));
      const { rows } = await client.query(
        `insert into public.proposals (author_id, title, description, category_id, location, created_at)
         values ($1, $2, $3, $4, $5::jsonb, $6) returning id`,
        [
          author,
          text.title,
          text.description,
          categories.get(text.category) ?? categories.get('other'),
          JSON.stringify({ type: 'Point', coordinates: [lng, lat] }),
          created,
        ],
      );
      const proposalId = (rows[0] as { id: string }).id;
      proposalIds.push(proposalId);

      // Votes from a random share of the residents, mostly in agreement.
      const support = 0.45 + next() * 0.5;
      const voters = residents.filter(() => next() < 0.08 + next() * 0.5);
      if (voters.length > 0) {
        await client.query(
          `insert into public.votes (proposal_id, voter_id, value, created_at, updated_at)
           select $1, v, case when r < $3 then 1 else -1 end, $4::timestamptz + (r * interval '2 days'), $4::timestamptz
           from unnest($2::uuid[], $5::float8[]) as t (v, r)`,
          [proposalId, voters, support, created, voters.map(() => next())],
        );
      }
      const comments = Math.floor(next() * 4);
      for (let c = 0; c < comments; c += 1) {
        await client.query(
          `insert into public.comments (proposal_id, author_id, body, created_at, updated_at)
           values ($1, $2, $3, $4, $4)`,
          [proposalId, pick(residents), pick(COMMENTS), new Date(created.getTime() + ((c + 1) * DAY) / 3)],
        );
      }
    }

    // Official answers on some proposals of every district.
    const statuses = ['under_study', 'accepted', 'realised', 'declined'] as const;
    for (const [s, status] of statuses.entries()) {
      if ((index + s) % 2 === 1) continue;
      await asUser(client, moderatorOf(index), 'select public.set_proposal_status($1, $2, $3, $4)', [
        proposalIds[s + 1],
        status,
        ANSWERS[status],
        'Demo answer',
      ]);
    }
    // Something for the agents' queues: one proposal reported once, one hidden by three reports.
    const reported = proposalIds[proposalIds.length - 1]!;
    const hiddenByReports = proposalIds[proposalIds.length - 2]!;
    await client.query(
      `insert into public.reports (reporter_id, proposal_id, reason, details) values ($1, $2, 'off_topic', 'Pas vraiment dans ce quartier ?')`,
      [residents[5 + index], reported],
    );
    for (let r = 0; r < 3; r += 1) {
      await client.query(
        `insert into public.reports (reporter_id, proposal_id, reason, details) values ($1, $2, 'spam', 'Posted many times')`,
        [residents[10 + r + index], hiddenByReports],
      );
    }
  }

  // A comment hidden by an agent, for the log.
  const { rows } = await client.query(
    `select c.id from public.comments c join public.proposals p on p.id = c.proposal_id
     where p.district_id = $1 order by c.id limit 1`,
    [districts[0]!.id],
  );
  const comment = rows[0] as { id: string } | undefined;
  if (comment) {
    await asUser(client, ids['agent@demo.local']!, 'select public.moderate_comment($1, $2, $3, $4)', [
      comment.id,
      'hide',
      'offensive',
      'Insulting another resident',
    ]);
  }
}

/** Demo accounts, proposals, votes and comments, on an empty database whose districts are loaded. */
export async function seedDemo(ctx: ServiceContext, city: CityPack): Promise<void> {
  await asSuperuser(ctx.db.pool, (client) => seedDemoContent(client, city));
}
