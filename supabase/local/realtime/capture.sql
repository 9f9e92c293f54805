-- Local stand-in for Supabase Realtime's WAL reading (PGlite has no logical replication):
-- a row trigger on every table of the `supabase_realtime` publication writes the change into
-- a private queue and wakes the stack with NOTIFY. Installed at each start, never deployed.
create schema if not exists realtime_local;
revoke all on schema realtime_local from public;

create table if not exists realtime_local.changes (
  id bigint generated always as identity primary key,
  schema_name text not null,
  table_name text not null,
  op text not null,
  record jsonb,
  old_record jsonb,
  committed_at timestamptz not null default clock_timestamp()
);
revoke all on realtime_local.changes from public;

create or replace function realtime_local.capture() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into realtime_local.changes (schema_name, table_name, op, record, old_record)
  values (
    tg_table_schema, tg_table_name, tg_op,
    case when tg_op <> 'DELETE' then to_jsonb(new) end,
    case when tg_op <> 'INSERT' then to_jsonb(old) end
  );
  perform pg_notify('realtime_local', '');
  return null;
end $$;
revoke all on function realtime_local.capture() from public;

do $$
declare
  t record;
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
  for t in
    select c.oid::regclass as rel
    from pg_class c
    where c.relkind = 'r'
      and c.relnamespace::regnamespace::text not in ('realtime_local', 'pg_catalog', 'information_schema')
      and exists (select from pg_trigger where tgrelid = c.oid and tgname = 'realtime_local_capture')
      and c.oid not in (select (quote_ident(schemaname) || '.' || quote_ident(tablename))::regclass
                        from pg_publication_tables where pubname = 'supabase_realtime')
  loop
    execute format('drop trigger realtime_local_capture on %s', t.rel);
  end loop;
  for t in
    select (quote_ident(schemaname) || '.' || quote_ident(tablename))::regclass as rel
    from pg_publication_tables where pubname = 'supabase_realtime'
  loop
    execute format(
      'create or replace trigger realtime_local_capture after insert or update or delete on %s '
      'for each row execute function realtime_local.capture()', t.rel);
  end loop;
end $$;
