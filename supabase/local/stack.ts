import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StackConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate, runSeedSql } from './db/migrate.ts';
import { startPostgrest } from './postgrest.ts';
import { startGateway } from './gateway.ts';
import { nginxBinary, startNginx, type EdgeProxy } from './edge.ts';
import { startMailbox } from './mail/mailbox.ts';
import { startNotifier, type Notifier } from '../../server/notify/notifier.ts';
import { mailboxDelivery } from './mail/mailbox-delivery.ts';
import { loadCity } from './city/load-city.ts';
import { createAuthService } from './auth/service.ts';
import { createStorageService } from './storage/service.ts';
import { installCapture } from './realtime/changes.ts';
import { createRealtimeService } from './realtime/server.ts';
import { seedCity } from './seed/city.ts';
import { seedDemo } from './seed/demo.ts';
import type { ServiceContext } from './http.ts';

export interface RunningStack {
  ctx: ServiceContext;
  /** Milliseconds from the call to a ready API. */
  readyInMs: number;
  /** What answers on the API port: nginx in front of the Node gateway, or the Node gateway alone. */
  edge: 'nginx' | 'node';
  /** Reloads PostgREST's schema cache (after a schema change made outside migrations). */
  reloadSchema(): Promise<void>;
  /** Delivers the moderation emails of the outbox into the mailbox (every second, or now by `flush`); absent with LOCAL_NOTIFIER=0. */
  notifier: Notifier | undefined;
  stop(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Opens the database, migrates, loads the city's districts into an empty database (plus the demo
 * content when asked), then starts PostgREST, the gateway and the mailbox.
 */
export async function startStack(config: StackConfig): Promise<RunningStack> {
  const started = Date.now();
  const db = await openDatabase(config);
  const ctx: ServiceContext = { config, db };
  try {
    const { fresh } = await migrate(db.pool);
    if (fresh) {
      await runSeedSql(db.pool);
      const city = await seedCity(ctx);
      if (config.seedDemo) await seedDemo(ctx, city);
    }
    await installCapture(db.pool);
    const postgrest = await startPostgrest(config, db);
    const realtime = createRealtimeService(ctx);
    const routes = { auth: createAuthService(ctx), storage: createStorageService(ctx), realtime };
    const nginx = nginxBinary(config);
    const gateway = await startGateway(config, routes, { port: nginx ? 0 : config.apiPort, behindEdge: !!nginx });
    let edge: EdgeProxy | undefined;
    if (nginx) {
      try {
        edge = await startNginx(nginx, config, (gateway.address() as AddressInfo).port);
      } catch (error) {
        await closeServer(gateway);
        await realtime.stop();
        await postgrest.stop();
        throw error;
      }
    }
    const mailbox = await startMailbox(db.pool, config.host, config.mailboxPort);
    const notifier = config.localNotifier
      ? startNotifier(db.pool, {
          cityLocale: loadCity(config.cityPack).info.locale,
          siteUrl: config.siteUrl,
          deliver: mailboxDelivery,
        })
      : undefined;
    return {
      ctx,
      readyInMs: Date.now() - started,
      edge: edge ? 'nginx' : 'node',
      reloadSchema: () => postgrest.reloadSchema(),
      notifier,
      async stop() {
        await notifier?.stop();
        await edge?.stop();
        await realtime.stop();
        await Promise.all([closeServer(gateway), closeServer(mailbox)]);
        await postgrest.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** How the API port is served, for the start-up lines. */
export function edgeLabel(edge: RunningStack['edge']): string {
  return edge === 'nginx' ? 'nginx + Node gateway' : 'Node gateway alone; install nginx for the faster edge';
}
