-- Grants that do not depend on the bootstrap: the suite also runs after the Supabase CLI's default
-- privileges (`npm run test:db`, `--bootstrap cli`), where every new object in `public` would be
-- granted to anon and authenticated. Migration 20261204110000 takes those defaults back.
begin;
set local search_path = public, extensions, tests;
select plan(4);

select is_empty($$
  select pg_get_userbyid(d.defaclrole) || ' ' || d.defaclobjtype::text || ': ' || a.privilege_type
    from pg_default_acl d, aclexplode(d.defaclacl) a
   where d.defaclnamespace = 'public'::regnamespace
     and pg_get_userbyid(a.grantee) in ('anon', 'authenticated')
$$, 'no default privilege gives anon or authenticated anything new in public');

create table public.grants_probe (id bigint generated always as identity primary key, note text);
create function public.grants_probe_fn() returns int language sql as 'select 1';

select ok(
  not has_table_privilege('anon', 'public.grants_probe', 'select')
    and not has_table_privilege('authenticated', 'public.grants_probe', 'select,insert,update,delete'),
  'a table created by a later migration is granted to no API role but service_role'
);
select ok(has_table_privilege('service_role', 'public.grants_probe', 'select,insert,update,delete'),
  'service_role may use a new table, as on the platform');
select ok(
  not exists (
    select 1 from pg_proc p, aclexplode(p.proacl) a
     where p.oid = 'public.grants_probe_fn()'::regprocedure and pg_get_userbyid(a.grantee) in ('anon', 'authenticated')
  ),
  'a new function is not granted to anon or authenticated by name'
);

select * from finish();
rollback;
