import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../support/websocket.ts';
import { createClient } from '@supabase/supabase-js';
import { loadConfig } from '../../supabase/local/config.ts';
import { startStack, type RunningStack } from '../../supabase/local/stack.ts';
import { currentLane, testStackEnv } from '../../harness/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../harness/postgres.ts';
import { Inbox, testPlace } from '../support/realtime.ts';

// A subscriber whose stack restarts rejoins by itself (realtime-js reconnects) and receives
// the changes made after the restart.
describe('realtime after a stack restart', () => {
  let postgres: ThrowawayPostgres | undefined;
  let env: NodeJS.ProcessEnv;
  let stack: RunningStack | undefined;

  beforeAll(async () => {
    if (currentLane() === 'postgres') postgres = await startThrowawayPostgres();
    env = await testStackEnv(postgres ? { DATABASE_URL: postgres.url } : {});
    stack = await startStack(loadConfig(env));
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await postgres?.stop();
    if (env.DATA_DIR) rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  it('resubscribes and delivers changes made after the restart', async () => {
    const config = loadConfig(env);
    const subscriber = createClient(config.apiUrl, config.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const service = createClient(config.apiUrl, config.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const place = await testPlace(service, 'restart');
    const author = await service.auth.admin.createUser({
      email: `restart-${Date.now()}@example.test`,
      email_confirm: true,
    });
    expect(author.error).toBeNull();
    const changes = new Inbox<{ eventType: string; new: Record<string, unknown> }>();
    const statuses = new Inbox<string>();
    const channel = subscriber
      .channel('restart')
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'proposals', filter: `district_id=eq.${place.districtId}` },
        changes.push,
      );
    channel.subscribe((status) => statuses.push(status));
    await statuses.until((status) => status === 'SUBSCRIBED');
    const joinedBefore = statuses.items.length;

    await stack!.stop();
    stack = await startStack(config);
    // realtime-js retries with back-off and joins its channels again once connected.
    await statuses.until((status) => statuses.items.indexOf(status, joinedBefore) >= 0 && status === 'SUBSCRIBED');
    const inserted = await service
      .from('proposals')
      .insert({
        author_id: author.data.user!.id,
        title: 'After the restart',
        category_id: place.categoryId,
        location: { type: 'Point', coordinates: place.point },
      })
      .select('id')
      .single();
    expect(inserted.error).toBeNull();
    const [change] = await changes.next(1);
    expect(change).toMatchObject({ eventType: 'INSERT', new: { id: inserted.data!.id } });
    await subscriber.removeAllChannels();
  }, 180_000);
});
