-- profiles and user_roles: display names without emails, roles only admins assign.
begin;
set local search_path = public, extensions, tests;
select plan(88);
select tests.world();

-- ------------------------------------------------------------------ profiles
select * from tests.matrix('profiles', 'select', 'the author''s profile',
  $$select 1 from profiles where id = tests.id('author')$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('profiles', 'insert', 'a profile',
  $$insert into profiles (id, display_name) values (tests.id('author'), 'Twin')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=constraint:profiles_pkey');
select * from tests.matrix('profiles', 'update', 'the author''s display name',
  $$update profiles set display_name = 'Renamed' where id = tests.id('author')$$,
  'anon=grant author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');
select * from tests.matrix('profiles', 'delete', 'the author''s profile',
  $$delete from profiles where id = tests.id('author')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');

select is((select display_name from profiles where id = tests.id('author')), 'author', 'a profile is created with the sign-up display name');
insert into auth.users (id, email, raw_user_meta_data) values ('00000000-0000-4000-8000-000000000001', 'jean.dupont@example.org', '{}');
select is((select display_name from profiles where id = '00000000-0000-4000-8000-000000000001'), 'Resident 000000',
  'without a name, a neutral one');
select unalike((select display_name from profiles where id = '00000000-0000-4000-8000-000000000001'), '%dupont%',
  'never derived from the email');
select hasnt_column('public', 'profiles', 'email', 'profiles hold no email');
select is(tests.outcome('author', $$update profiles set display_name = '  ' where id = auth.uid()$$),
  'constraint:profiles_display_name_length', 'a display name is not blank');
select is(tests.outcome('author', $$update profiles set created_at = now() where id = auth.uid()$$), 'grant',
  'only the display name can change');
select is(tests.outcome('anon', $$select email from auth.users$$), 'grant', 'anon cannot read accounts');
select is(tests.outcome('author', $$select email from auth.users$$), 'grant', 'signed-in users cannot read accounts');
select is((select count(*)::int from information_schema.columns
           where table_schema = 'public' and column_name ilike '%email%'), 0, 'no exposed table or view has an email column');

-- ------------------------------------------------------------------ user_roles
select * from tests.matrix('user_roles', 'select', 'the agent''s role',
  $$select 1 from user_roles where user_id = tests.id('agent')$$,
  'anon=grant author=filtered other=filtered agent=allowed agent_other=filtered planner=filtered admin=allowed service_role=allowed');
select * from tests.matrix('user_roles', 'insert', 'make other a planner',
  $$insert into user_roles (user_id, role) values (tests.id('other'), 'planner')$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=policy admin=allowed service_role=allowed');
select * from tests.matrix('user_roles', 'insert', 'make themselves admin',
  $$insert into user_roles (user_id, role) values (coalesce(auth.uid(), tests.id('author')), 'admin')$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=policy admin=constraint:user_roles_once service_role=allowed');
select * from tests.matrix('user_roles', 'update', 'turn the planner into an admin',
  $$update user_roles set role = 'admin' where user_id = tests.id('planner')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');
select * from tests.matrix('user_roles', 'delete', 'the agent''s role',
  $$delete from user_roles where user_id = tests.id('agent')$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');

select is(tests.outcome('admin', $$insert into user_roles (user_id, role) values (tests.id('other'), 'agent')$$),
  'constraint:user_roles_agent_needs_district', 'an agent needs a district');
select is(tests.outcome('admin', $$insert into user_roles (user_id, role, district_id) values (tests.id('other'), 'planner', tests.district('rifredi'))$$),
  'constraint:user_roles_agent_needs_district', 'only agents have a district');
select is(tests.outcome('admin', $$insert into user_roles (user_id, role, district_id) values (tests.id('agent'), 'agent', tests.district('centro-storico'))$$),
  'constraint:user_roles_once', 'a role is held once');
select is(tests.outcome('admin', $$insert into user_roles (user_id, role, district_id) values (tests.id('agent'), 'agent', tests.district('rifredi'))$$),
  'allowed', 'an agent can have several districts');
select is(tests.outcome('admin', $$insert into user_roles (user_id, role, granted_by) values (tests.id('other'), 'planner', tests.id('author'))$$),
  'grant', 'granted_by is the caller, not chosen');
select tests.act_as('admin');
insert into user_roles (user_id, role) values (tests.id('other'), 'planner');
select tests.act_as('postgres');
select is((select granted_by from user_roles where user_id = tests.id('other')), tests.id('admin'), 'granted_by records the admin');
select is(tests.outcome('author', $$update auth.users set raw_user_meta_data = '{"role":"admin"}' where id = auth.uid()$$), 'grant',
  'roles never come from user metadata (which users cannot write here anyway)');

select * from finish();
rollback;
