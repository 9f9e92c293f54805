import type { Db, UserRow } from './users.ts';

/** One row of auth.audit_log_entries, with the payload GoTrue writes. */
export async function audit(
  db: Db,
  ip: string,
  action: string,
  actor: Pick<UserRow, 'id' | 'email'>,
  logType: 'account' | 'team' | 'token' | 'user',
  traits: Record<string, unknown> = {},
): Promise<void> {
  const payload = {
    actor_id: actor.id,
    actor_username: actor.email ?? '',
    actor_via_sso: false,
    action,
    log_type: logType,
    traits,
  };
  await db.query(
    `insert into auth.audit_log_entries (instance_id, payload, ip_address)
     values ('00000000-0000-0000-0000-000000000000', $1::json, $2)`,
    [JSON.stringify(payload), ip.slice(0, 64)],
  );
}
