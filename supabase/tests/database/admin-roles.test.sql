-- The admin screen's roles: role_holders, assign_role by email, and the last admin kept.
begin;
set local search_path = public, extensions, tests;
select plan(39);
select tests.world();

-- ------------------------------------------------------------------ role_holders
select * from tests.matrix('role_holders', 'execute', 'list role holders with emails',
  $$select 1 from role_holders()$$,
  'anon=grant author=error:not_admin other=error:not_admin agent=error:not_admin agent_other=error:not_admin planner=error:not_admin admin=allowed service_role=error:not_admin');

select tests.act_as('admin');
select is((select email from role_holders() where user_id = tests.id('agent')), 'agent@test.local',
  'an admin sees the agent''s email');
select is((select district_id from role_holders() where user_id = tests.id('agent')), tests.district('centro-storico'),
  'and their district');
select is((select count(*)::int from role_holders()), (select count(*)::int from user_roles), 'every role row is listed');
select tests.act_as('postgres');

-- ------------------------------------------------------------------ assign_role
select * from tests.matrix('assign_role', 'execute', 'make other a planner by email',
  $$select assign_role('other@test.local', 'planner')$$,
  'anon=grant author=error:not_admin other=error:not_admin agent=error:not_admin agent_other=error:not_admin planner=error:not_admin admin=allowed service_role=error:not_admin');

select tests.act_as('admin');
select is(assign_role('  OTHER@test.local ', 'agent', array[tests.district('rifredi'), tests.district('centro-storico')]), 2,
  'an admin makes someone agent of two districts, by email (case and spaces ignored)');
select tests.act_as('postgres');
select set_eq($$select district_id from user_roles where user_id = tests.id('other') and role = 'agent'$$,
  array[tests.district('rifredi'), tests.district('centro-storico')], 'one role row per district');
select is((select count(*)::int from moderation_actions where subject_user_id = tests.id('other') and action = 'assign_role'
             and actor_id = tests.id('admin')), 2, 'each assignment is logged with the admin as actor');
select is((select granted_by from user_roles where user_id = tests.id('other') and district_id = tests.district('rifredi')),
  tests.id('admin'), 'granted_by is the admin');

select is(tests.outcome('admin', $$select assign_role('other@test.local', 'agent', array[tests.district('rifredi')])$$),
  'error:role_exists', 'the same role twice is refused');
select is(tests.outcome('admin', $$select assign_role('other@test.local', 'agent', array[tests.district('rifredi'), tests.district('isolotto-legnaia')])$$),
  'allowed', 'districts already held are skipped, new ones added');
select is(tests.outcome('admin', $$select assign_role('nobody@test.local', 'planner')$$),
  'error:unknown_email', 'an unknown email is refused');
select is(tests.outcome('admin', $$select assign_role('other@test.local', 'agent')$$),
  'error:districts_required', 'an agent needs a district');
select is(tests.outcome('admin', $$select assign_role('other@test.local', 'agent', '{}')$$),
  'error:districts_required', 'an empty list of districts too');
select is(tests.outcome('admin', $$select assign_role('other@test.local', 'planner', array[tests.district('rifredi')])$$),
  'error:districts_not_allowed', 'only agents have districts');
select is(tests.outcome('admin', $$select assign_role('other@test.local', 'agent', array[-1::bigint])$$),
  'error:unknown_district', 'an unknown district is refused');
select is(tests.outcome('admin', $$select assign_role('other@test.local', null)$$),
  'error:invalid_role', 'a role is required');
select is(tests.outcome('agent', $$select assign_role('agent@test.local', 'admin')$$),
  'error:not_admin', 'an agent cannot make themselves admin');

-- ------------------------------------------------------------------ the last admin
select is(tests.outcome('admin', $$delete from user_roles where user_id = auth.uid() and role = 'admin'$$),
  'error:last_admin', 'the last admin cannot remove their own role');
select is(tests.outcome('service_role', $$delete from user_roles where user_id = tests.id('admin')$$),
  'error:last_admin', 'nor can the service role');
select is(tests.outcome('admin', $$delete from user_roles where user_id = tests.id('agent')$$), 'allowed',
  'other roles are removed as before');

select tests.act_as('admin');
select is(assign_role('planner@test.local', 'admin'), 1, 'a second admin');
select tests.act_as('postgres');
select is(tests.outcome('admin', $$delete from user_roles where user_id = auth.uid() and role = 'admin'$$), 'allowed',
  'with another admin, an admin can step down');
select is(tests.outcome('agent', $$delete from user_roles where user_id = tests.id('planner') and role = 'admin'$$), 'filtered',
  'a non-admin removes nothing');

delete from user_roles where user_id = tests.id('planner') and role = 'admin';
select is(tests.outcome('postgres', $$delete from auth.users where id = tests.id('admin')$$), 'allowed',
  'deleting the last admin''s account is still possible');

select * from finish();
rollback;
