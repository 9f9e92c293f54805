-- moderation: the audit log (RLS matrix, append-only), public figures, the agents' actions.
begin;
set local search_path = public, extensions, tests;
select plan(151);
select tests.world();

-- ------------------------------------------------------------------ moderation_actions
select * from tests.matrix('moderation_actions', 'select', 'an entry of centro-storico (by agent)',
  $$select 1 from moderation_actions where id = tests.fx('action_here')$$,
  'anon=grant author=filtered other=filtered agent=allowed agent_other=filtered planner=filtered admin=allowed service_role=allowed');

select * from tests.matrix('moderation_actions', 'select', 'an entry of campo-di-marte (by agent_other)',
  $$select 1 from moderation_actions where id = tests.fx('action_elsewhere')$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=allowed planner=filtered admin=allowed service_role=allowed');

select * from tests.matrix('moderation_actions', 'insert', 'a forged entry',
  $$insert into moderation_actions (target_type, action, district_id) values ('proposal', 'hide', tests.district('centro-storico'))$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=grant');

select * from tests.matrix('moderation_actions', 'update', 'an entry',
  $$update moderation_actions set note = 'rewritten' where id = tests.fx('action_here')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=grant');

select * from tests.matrix('moderation_actions', 'delete', 'an entry',
  $$delete from moderation_actions where id = tests.fx('action_here')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=grant');

select is(tests.outcome('postgres', $$update moderation_actions set note = 'rewritten' where id = tests.fx('action_here')$$),
  'error:moderation_log_append_only', 'not even the database owner can change an entry');
select is(tests.outcome('postgres', $$delete from moderation_actions where id = tests.fx('action_here')$$),
  'error:moderation_log_append_only', 'nor delete one');
select is(tests.outcome('postgres', $$truncate moderation_actions$$),
  'error:moderation_log_append_only', 'nor empty the log');

-- ------------------------------------------------------------------ moderation_stats (public figures)
select * from tests.matrix('moderation_stats', 'select', 'the figures',
  $$select 1 from moderation_stats where district_id = tests.district('centro-storico')$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('moderation_stats', 'insert', 'a figure',
  $$insert into moderation_stats (district_id, month, target_type, action, reason_code, count)
    values (tests.district('rifredi'), '2026-01-01', 'proposal', 'hide', 'spam', 100)$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=grant');
select * from tests.matrix('moderation_stats', 'update', 'a figure',
  $$update moderation_stats set count = 0$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=grant');
select * from tests.matrix('moderation_stats', 'delete', 'a figure',
  $$delete from moderation_stats$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=grant');
select is((select count from moderation_stats where district_id = tests.district('centro-storico') and action = 'hide' and reason_code = 'spam'), 1,
  'each logged action counts in its district, month and reason');
select hasnt_column('public', 'moderation_stats', 'actor_id', 'the public figures hold no identity');

-- ------------------------------------------------------------------ actions of agents
select * from tests.matrix('moderate_proposal', 'execute', 'hide the published proposal (centro-storico)',
  $$select moderate_proposal(tests.fx('published'), 'hide', 'offensive', 'Rude title')$$,
  'anon=grant author=error:not_moderator other=error:not_moderator agent=allowed agent_other=error:not_moderator planner=error:not_moderator admin=allowed service_role=error:not_moderator');
select * from tests.matrix('moderate_comment', 'execute', 'hide a comment (centro-storico)',
  $$select moderate_comment(tests.fx('comment'), 'hide', 'offensive')$$,
  'anon=grant author=error:not_moderator other=error:not_moderator agent=allowed agent_other=error:not_moderator planner=error:not_moderator admin=allowed service_role=error:not_moderator');
select * from tests.matrix('set_proposal_status', 'execute', 'answer the published proposal',
  $$select set_proposal_status(tests.fx('published'), 'accepted', 'We will do it in spring.')$$,
  'anon=grant author=error:not_moderator other=error:not_moderator agent=allowed agent_other=error:not_moderator planner=error:not_moderator admin=allowed service_role=error:not_moderator');
select * from tests.matrix('mark_duplicate', 'execute', 'close fresh as a duplicate of published',
  $$select mark_duplicate(tests.fx('fresh'), tests.fx('published'))$$,
  'anon=grant author=error:not_moderator other=error:not_moderator agent=allowed agent_other=error:not_moderator planner=error:not_moderator admin=allowed service_role=error:not_moderator');
select * from tests.matrix('correct_proposal', 'execute', 'recategorise the published proposal',
  $$select correct_proposal(tests.fx('published'), (select id from categories where slug = 'nature'))$$,
  'anon=grant author=error:not_moderator other=error:not_moderator agent=allowed agent_other=error:not_moderator planner=error:not_moderator admin=allowed service_role=error:not_moderator');

select is(tests.outcome('agent', $$select moderate_proposal(tests.fx('published'), 'hide', null)$$), 'error:reason_required',
  'hiding needs a reason code');
select is(tests.outcome('agent', $$select moderate_proposal(tests.fx('published'), 'hide', 'Not A Code')$$), 'error:reason_required',
  'reason codes are lowercase words');
select is(tests.outcome('agent', $$select moderate_proposal(tests.fx('published'), 'set_status', 'spam')$$), 'error:invalid_action',
  'moderate_proposal only publishes, restores, hides or rejects');
select is(tests.outcome('agent', $$select moderate_proposal(-1, 'hide', 'spam')$$), 'error:not_moderator',
  'a missing proposal looks like one you do not moderate');
select is(tests.outcome('agent', $$select mark_duplicate(tests.fx('fresh'), tests.fx('fresh'))$$), 'error:invalid_duplicate',
  'a proposal is not a duplicate of itself');
select is(tests.outcome('agent', $$select mark_duplicate(tests.fx('fresh'), tests.fx('hidden'))$$), 'error:invalid_duplicate',
  'the original must be published');
select is(tests.outcome('agent', $$select correct_proposal(tests.fx('published'), null, '{"type":"Point","coordinates":[11.3,43.78]}')$$),
  'error:not_moderator', 'an agent cannot move a proposal into a district they do not moderate');
select is(tests.outcome('admin', $$select correct_proposal(tests.fx('published'), null, '{"type":"Point","coordinates":[11.3,43.78]}')$$),
  'allowed', 'an admin can');
select is(tests.outcome('agent', $$select correct_proposal(tests.fx('published'), null, '{"type":"Point","coordinates":[11.0,43.0]}')$$),
  'error:proposal_outside_city', 'nor outside the city');

-- A sequence, as an agent's session would run it.
select tests.act_as('agent');
select moderate_proposal(tests.fx('published'), 'hide', 'offensive', 'Rude title');
select tests.act_as('postgres');
select is((select moderation_state::text || '/' || moderation_reason from proposals where id = tests.fx('published')), 'hidden/offensive',
  'hide: the proposal is hidden with its reason');
select isnt((select moderated_at from proposals where id = tests.fx('published')), null, 'with the moment of moderation');
select is((select resolution from reports where id = tests.fx('report')), 'upheld'::report_resolution, 'its open reports are upheld');
select is((select row(actor_id, action, reason_code, note, before ->> 'moderation_state', after ->> 'moderation_state')::text
           from moderation_actions where proposal_id = tests.fx('published') order by id desc limit 1),
  row(tests.id('agent'), 'hide'::moderation_action_kind, 'offensive', 'Rude title', 'published', 'hidden')::text,
  'the log holds who, what, why, before and after');
select tests.expect('other', $$select 1 from reports where id = tests.fx('report') and resolution = 'upheld'$$, 'allowed',
  'the reporter learns the outcome');
select tests.act_as('agent');
select moderate_proposal(tests.fx('published'), 'restore', 'no_violation');
select moderate_proposal(tests.fx('pending'), 'publish', 'ok');
select moderate_proposal(tests.fx('hidden'), 'reject', 'spam');
select set_proposal_status(tests.fx('published'), 'under_study', 'The technical services are looking at it.');
select tests.act_as('postgres');
select is((select array[moderation_state::text, status::text, official_answer] from proposals where id = tests.fx('published')),
  array['published', 'under_study', 'The technical services are looking at it.'], 'restore then status with an official answer');
select isnt((select answered_at from proposals where id = tests.fx('published')), null, 'the answer is dated');
select is((select moderation_state from proposals where id = tests.fx('pending')), 'published'::moderation_state, 'publish a pending proposal');
select is((select moderation_state from proposals where id = tests.fx('hidden')), 'rejected'::moderation_state, 'reject');
select is((select array_agg(action order by id) from moderation_actions where actor_id = tests.id('agent') and id > tests.fx('action_elsewhere')),
  array['hide', 'restore', 'publish', 'reject', 'set_status']::moderation_action_kind[], 'every action is logged, in order');
select tests.expect('anon', $$select 1 from proposals where id = tests.fx('published') and official_answer is not null$$, 'allowed',
  'everyone sees the official answer');

select tests.act_as('agent');
select mark_duplicate(tests.fx('fresh'), tests.fx('published'), 'Same bench');
select tests.act_as('postgres');
select is((select duplicate_of from proposals where id = tests.fx('fresh')), tests.fx('published'), 'a duplicate links to its original');
select tests.expect('planner', $$insert into votes (proposal_id, value) values (tests.fx('fresh'), 1)$$, 'policy',
  'voting on a duplicate is closed');
select tests.expect('anon', $$select 1 from proposals where id = tests.fx('fresh')$$, 'allowed', 'the duplicate stays visible');

-- Roles are admin business, and logged.
select tests.act_as('admin');
insert into user_roles (user_id, role, district_id) values (tests.id('other'), 'agent', tests.district('rifredi'));
delete from user_roles where user_id = tests.id('agent_other');
select tests.act_as('postgres');
select is((select array_agg(action::text || ':' || reason_code order by id) from moderation_actions where actor_id = tests.id('admin') and target_type = 'user'),
  array['assign_role:agent', 'remove_role:agent'], 'role changes are logged');
select tests.expect('other', $$select 1 from proposals where moderation_state = 'hidden' and district_id = tests.district('rifredi')$$, 'filtered',
  'nothing hidden in rifredi yet');
select tests.expect('agent_other', $$select moderate_proposal(tests.fx('elsewhere'), 'hide', 'spam')$$, 'error:not_moderator',
  'a removed agent can no longer act');

-- Admins look accounts up by email; nobody else can.
select * from tests.matrix('find_user_by_email', 'execute', 'look up author@test.local',
  $$select 1 where find_user_by_email('Author@test.local') is not null$$,
  'anon=grant author=error:not_admin other=error:not_admin agent=error:not_admin agent_other=error:not_admin planner=error:not_admin admin=allowed service_role=error:not_admin');

select * from finish();
rollback;
