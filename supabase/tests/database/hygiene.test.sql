-- Hygiene, in the spirit of Supabase's splinter lints: RLS everywhere it is exposed, fixed
-- search paths, no security definer function for anon, explicit grants, one policy per table,
-- action and role, and the exact set of policies of every table.
begin;
set local search_path = public, extensions, tests;
select plan(35);

-- ------------------------------------------------------------------ RLS and grants
select is_empty($$
  select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'storage') and c.relkind in ('r', 'p') and not c.relrowsecurity
$$, 'every table in an exposed schema (public, storage) has row-level security');

select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
    and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
    and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
$$, 'every table the API roles can read has policies');

select is_empty($$
  select table_name || ': ' || privilege_type from information_schema.role_table_grants
  where table_schema = 'public' and grantee = 'anon' and privilege_type <> 'SELECT'
$$, 'anon can only read: no insert, update, delete, truncate on any public table');

select is_empty($$
  select table_name || ': ' || privilege_type from information_schema.role_table_grants
  where table_schema = 'public' and grantee = 'PUBLIC'
$$, 'nothing is granted to PUBLIC');

select is_empty($$
  select table_name || ': ' || privilege_type from information_schema.role_table_grants
  where table_schema = 'public' and grantee in ('anon', 'authenticated') and privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')
$$, 'no truncate, references or trigger privilege for API users');

select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'v'
    and not coalesce(c.reloptions @> array['security_invoker=true'], false)
$$, 'every view is security_invoker (no security definer view)');

select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'private') and c.relkind in ('r', 'p', 'v') and obj_description(c.oid, 'pg_class') is null
$$, 'every table and view has a comment');

select is_empty($$
  select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'private' and c.relkind = 'r'
    and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
$$, 'private tables are not readable by API users');

select ok(not has_schema_privilege('anon', 'private', 'usage'), 'anon has no usage on the private schema');

-- ------------------------------------------------------------------ functions
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private', 'storage', 'auth')
    and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
$$, 'every function has a fixed search_path');

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema', 'tests', 'extensions')
    and has_function_privilege('anon', p.oid, 'execute')
$$, 'no security definer function can be executed by anon');

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private') and has_function_privilege('public', p.oid, 'execute')
    and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
$$, 'no function of ours is executable by PUBLIC: grants are explicit');

select set_eq($$
  select p.proname::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public' and p.prosecdef
$$, array['correct_proposal', 'find_user_by_email', 'mark_duplicate', 'moderate_comment', 'moderate_proposal', 'role_holders', 'set_proposal_status'],
  'the only security definer functions the API exposes are the checked actions of agents and admins');

select set_eq($$
  select p.proname::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute')
    and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
$$, array['proposals_in_bbox'], 'anon may call the map query and nothing else');

-- ------------------------------------------------------------------ policies
select is_empty($$select schemaname || '.' || tablename || ': ' || policyname from pg_policies
  where schemaname in ('public', 'storage') and cmd = 'ALL'$$, 'no policy is "for all"');
select is_empty($$select schemaname || '.' || tablename || ': ' || policyname from pg_policies
  where schemaname in ('public', 'storage') and 'public' = any (roles)$$, 'every policy names its role (to anon / authenticated)');
select is_empty($$select schemaname || '.' || tablename || ': ' || cmd || ' ' || r from pg_policies, unnest(roles) r
  where schemaname in ('public', 'storage') and permissive = 'PERMISSIVE'
  group by schemaname, tablename, cmd, r having count(*) > 1$$, 'one permissive policy per table, action and role');
select is_empty($$select schemaname || '.' || tablename || ': ' || policyname from pg_policies
  where schemaname in ('public', 'storage')
    and (regexp_replace(coalesce(qual, ''), 'SELECT \(?auth\.uid\(\)\)?(::text)? AS uid', '', 'g') like '%auth.uid()%'
         or regexp_replace(coalesce(with_check, ''), 'SELECT \(?auth\.uid\(\)\)?(::text)? AS uid', '', 'g') like '%auth.uid()%')$$,
  'policies call auth.uid() once per statement: (select auth.uid())');

select is_empty($$select policyname from pg_policies where schemaname in ('public', 'storage') and length(policyname) >= 63$$,
  'policy names fit in 63 characters (longer ones would be cut silently)');

select is_empty($$
  select c.conrelid::regclass || '.' || a.attname from pg_constraint c
  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
  join pg_namespace n on n.oid = (select relnamespace from pg_class where oid = c.conrelid)
  where c.contype = 'f' and n.nspname = 'public'
    and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
$$, 'every foreign key column is indexed (policies and joins filter on them)');

select policies_are('public', 'districts', array[
  'Anyone can read districts', 'Signed-in users can read districts', 'Admins and planners can add districts',
  'Admins and planners can change districts', 'Admins and planners can remove districts']);
select policies_are('public', 'categories', array[
  'Anyone can read categories', 'Signed-in users can read categories', 'Admins can add categories',
  'Admins can change categories', 'Admins can remove categories']);
select policies_are('public', 'city_settings', array[
  'Anyone can read the city settings', 'Signed-in users can read the city settings', 'Admins can change the city settings']);
select policies_are('public', 'profiles', array[
  'Anyone can read display names', 'Signed-in users can read display names', 'People can rename themselves']);
select policies_are('public', 'user_roles', array[
  'People see their own roles and admins see all', 'Admins can assign roles', 'Admins can remove roles']);
select policies_are('public', 'proposals', array[
  'Anyone can read published proposals', 'Users see published proposals, their own and moderated ones',
  'Residents create proposals in their own name', 'Authors can edit their proposals', 'Authors and admins can delete proposals']);
select policies_are('public', 'votes', array[
  'Voters see their own votes', 'Residents vote in their own name while voting is open',
  'Voters change their vote while voting is open', 'Voters withdraw their vote while voting is open']);
select policies_are('public', 'comments', array[
  'Anyone can read published comments on published proposals',
  'Users see public comments, their own and moderated ones',
  'Residents comment in their own name on published proposals', 'Authors can edit their comments',
  'Authors and admins can delete comments']);
select policies_are('public', 'reports', array[
  'Reporters and the district''s agents see reports', 'Residents report public items in their own name']);
select policies_are('public', 'moderation_actions', array[
  'Agents and admins read the log; actors read their entries']);
select policies_are('public', 'moderation_stats', array[
  'Anyone can read moderation figures', 'Signed-in users can read moderation figures']);
select policies_are('storage', 'objects', array[
  'Anyone can see photos of published proposals',
  'Users see their own photos and those of proposals they see',
  'Residents upload photos into their own folder', 'Residents replace photos in their own folder',
  'Residents delete photos in their own folder']);
select is_empty($$select policyname from pg_policies where schemaname = 'storage' and tablename = 'buckets'$$,
  'storage.buckets has no policy: only the service role reads or changes buckets');

select tables_are('public', array[
  'districts', 'categories', 'city_settings', 'profiles', 'user_roles', 'proposals', 'votes', 'comments', 'reports',
  'moderation_actions', 'moderation_stats'], 'the public tables are these, each tested in this folder');
select views_are('public', array['district_summaries'], 'the public views are these');

select * from finish();
rollback;
