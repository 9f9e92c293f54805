import './websocket.ts';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { LOCAL_JWT_SECRET } from '../../supabase/local/config.ts';
import { signJwt } from '../../supabase/local/jwt.ts';
import { serviceClient, stackInfo, uniqueEmail } from './clients.ts';

export type Vsn = '1.0.0' | '2.0.0';

/**
 * A supabase-js client speaking one realtime protocol version, optionally signed in with `token`
 * (handed to the realtime client before any channel joins, as a restored session would be).
 */
export async function realtimeClient(vsn: Vsn, token?: string, apiUrl = stackInfo().apiUrl): Promise<SupabaseClient> {
  const client = createClient(apiUrl, stackInfo().anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { vsn },
    ...(token ? { accessToken: () => Promise.resolve(token) } : {}),
  });
  if (token) await client.realtime.setAuth(token);
  return client;
}

/** An account, and an access token for it signed with the stack's secret (valid `seconds`). */
export async function account(prefix: string, seconds = 3600): Promise<{ id: string; token: string }> {
  const created = await serviceClient().auth.admin.createUser({ email: uniqueEmail(prefix), email_confirm: true });
  if (created.error || !created.data.user) throw created.error ?? new Error('no user');
  return { id: created.data.user.id, token: await tokenFor(created.data.user.id, seconds) };
}

export function tokenFor(userId: string, seconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { sub: userId, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + seconds },
    LOCAL_JWT_SECRET,
  );
}

/** Subscribes and resolves once the server confirmed (or rejects with the status and error). */
export function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve(channel);
      else if (status !== 'CLOSED') reject(new Error(`${status}: ${error?.message ?? ''}`));
    });
  });
}

/** Collects what a callback receives; `next(n)` waits until n items arrived. */
export class Inbox<T> {
  readonly items: T[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  readonly push = (item: T): void => {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => (this.items.length >= w.count ? (w.resolve(), false) : true));
  };
  async next(count = this.items.length + 1): Promise<T[]> {
    if (this.items.length < count) await new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
    return this.items.slice(0, count);
  }
  /** The first item, arrived or to come, for which `test` holds. */
  async until(test: (item: T) => boolean): Promise<T> {
    for (let seen = 0; ; seen++) {
      const [item] = (await this.next(seen + 1)).slice(seen);
      if (test(item!)) return item!;
    }
  }
}

/** A square district of its own far from any city, a category, and a point inside the district. */
export async function testPlace(
  service: SupabaseClient,
  slug: string,
): Promise<{ districtId: number; categoryId: number; point: [number, number] }> {
  const [x, y] = [120 + Math.random() * 40, 20 + Math.random() * 20];
  const district = await service
    .from('districts')
    .insert({
      slug: `${slug}-${Date.now().toString(36)}`,
      name: 'Realtime square',
      population: 1000,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.01, y],
            [x + 0.01, y + 0.01],
            [x, y + 0.01],
            [x, y],
          ],
        ],
      },
    })
    .select('id')
    .single();
  if (district.error) throw district.error;
  const categories = await service.from('categories').select('id').limit(1);
  if (categories.error) throw categories.error;
  let categoryId = categories.data[0]?.id as number | undefined;
  if (categoryId === undefined) {
    const created = await service
      .from('categories')
      .insert({ slug: `${slug}-cat`, label_fr: 'Direct', label_en: 'Live', color: '#123456', icon: 'flag' })
      .select('id')
      .single();
    if (created.error) throw created.error;
    categoryId = created.data.id as number;
  }
  return { districtId: district.data.id as number, categoryId, point: [x + 0.005, y + 0.005] };
}
