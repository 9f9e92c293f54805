-- reports: the RLS matrix, one report per person and target, automatic hiding at N reporters.
begin;
set local search_path = public, extensions, tests;
select plan(74);
select tests.world();

select * from tests.matrix('reports', 'select', 'other''s report on the published proposal',
  $$select 1 from reports where id = tests.fx('report')$$,
  'anon=grant author=filtered other=allowed agent=allowed agent_other=filtered planner=filtered admin=allowed service_role=allowed');

select * from tests.matrix('reports', 'insert', 'a report in their own name',
  $$insert into reports (reporter_id, proposal_id, reason) values (coalesce(auth.uid(), tests.id('author')), tests.fx('fresh'), 'spam')$$,
  'anon=grant author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');

select * from tests.matrix('reports', 'insert', 'a report in the planner''s name',
  $$insert into reports (reporter_id, proposal_id, reason) values (tests.id('planner'), tests.fx('fresh'), 'spam')$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=allowed admin=policy service_role=allowed');

select * from tests.matrix('reports', 'insert', 'a report on a hidden proposal',
  $$insert into reports (reporter_id, proposal_id, reason) values (coalesce(auth.uid(), tests.id('author')), tests.fx('hidden'), 'spam')$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=policy admin=policy service_role=allowed');

select * from tests.matrix('reports', 'update', 'the resolution of a report',
  $$update reports set resolution = 'dismissed' where id = tests.fx('report')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');

select * from tests.matrix('reports', 'delete', 'a report',
  $$delete from reports where id = tests.fx('report')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');

-- One report per person and target.
select is(tests.outcome('other', $$insert into reports (proposal_id, reason) values (tests.fx('published'), 'spam')$$),
  'error:already_reported', 'a second report on the same proposal is refused: already_reported');
select is(tests.outcome('author', $$insert into reports (comment_id, reason) values (tests.fx('comment'), 'offensive')$$),
  'allowed', 'a comment can be reported');
select tests.act_as('author');
insert into reports (comment_id, reason, details) values (tests.fx('comment'), 'offensive', 'Insults');
select tests.act_as('postgres');
select is((select proposal_id from reports where comment_id = tests.fx('comment')), tests.fx('published'),
  'a report on a comment also points at its proposal');
select is(tests.outcome('author', $$insert into reports (comment_id, reason) values (tests.fx('comment'), 'spam')$$),
  'error:already_reported', 'a second report on the same comment is refused: already_reported');
select tests.act_as('postgres');
select throws_ok(
  $$insert into reports (reporter_id, proposal_id, reason) select reporter_id, proposal_id, 'spam' from reports where id = tests.fx('report')$$,
  '23505', null, 'reports_one_per_person_and_proposal stays the guard when the caller is not the reporter');
select is(tests.outcome('author', $$insert into reports (comment_id, reason) values (tests.fx('hidden_comment'), 'spam')$$),
  'policy', 'a hidden comment cannot be reported');
select is(tests.outcome('author', $$insert into reports (comment_id, reason) values (-1, 'spam')$$),
  'error:report_target_not_found', 'a report on a missing comment: report_target_not_found');
select is(tests.outcome('author', $$insert into reports (proposal_id, reason, details) values (tests.fx('fresh'), 'other', repeat('x', 1001))$$),
  'constraint:reports_details_length', 'report details have at most 1000 characters');
select is(tests.outcome('author', $$insert into reports (proposal_id, reason) values (tests.fx('fresh'), 'boring')$$),
  'error:22P02 invalid input value for enum report_reason: "boring"', 'reasons are a fixed list');
select is(tests.outcome('author', $$insert into reports (reporter_id, proposal_id, reason, resolution) values (auth.uid(), tests.fx('fresh'), 'spam', 'upheld')$$),
  'grant', 'a reporter cannot resolve their own report');

-- Automatic hiding: the third distinct reporter hides the proposal, once, with one log entry.
select tests.act_as('author');
insert into reports (proposal_id, reason) values (tests.fx('fresh'), 'spam');
select tests.act_as('planner');
insert into reports (proposal_id, reason) values (tests.fx('fresh'), 'offensive');
select tests.act_as('postgres');
select is((select moderation_state from proposals where id = tests.fx('fresh')), 'published'::moderation_state, 'two reports: still published');
select tests.act_as('admin');
insert into reports (proposal_id, reason) values (tests.fx('fresh'), 'spam');
select tests.act_as('postgres');
select is((select moderation_state::text || '/' || moderation_reason from proposals where id = tests.fx('fresh')), 'hidden/reports',
  'three reports: hidden, reason "reports"');
select is((select count(*)::int from moderation_actions where proposal_id = tests.fx('fresh') and action = 'auto_hide' and actor_id is null), 1,
  'one automatic entry in the log');
select is(tests.outcome('agent_other', $$insert into reports (proposal_id, reason) values (tests.fx('fresh'), 'spam')$$), 'policy',
  'a hidden proposal takes no more reports');
select tests.expect('anon', $$select 1 from proposals where id = tests.fx('fresh')$$, 'filtered', 'the public no longer sees it');
select tests.expect('other', $$select 1 from proposals where id = tests.fx('fresh')$$, 'allowed', 'its author still does');
select tests.expect('agent', $$select 1 from reports where proposal_id = tests.fx('fresh')$$, 'allowed', 'the agent sees its reports');

-- Restoring dismisses the reports; it takes three new reporters to hide it again.
select tests.act_as('agent');
select is((moderate_proposal(tests.fx('fresh'), 'restore', 'no_violation')).moderation_state, 'published'::moderation_state, 'the agent restores it');
select tests.act_as('postgres');
select is((select array_agg(distinct resolution) from reports where proposal_id = tests.fx('fresh')), array['dismissed'::report_resolution],
  'its reports are dismissed');
select tests.act_as('agent_other');
insert into reports (proposal_id, reason) values (tests.fx('fresh'), 'spam');
select tests.act_as('postgres');
select is((select moderation_state from proposals where id = tests.fx('fresh')), 'published'::moderation_state,
  'one new report after a restore does not hide it');

-- The threshold is the city's setting.
update city_settings set report_threshold = 1;
select tests.act_as('author');
insert into reports (proposal_id, reason) values (tests.fx('elsewhere'), 'duplicate');
select tests.act_as('postgres');
select is((select moderation_state from proposals where id = tests.fx('elsewhere')), 'hidden'::moderation_state,
  'with a threshold of 1 the first report hides');
update city_settings set report_threshold = 2;
select tests.act_as('agent');
insert into reports (comment_id, reason) values (tests.fx('comment'), 'offensive');
select tests.act_as('postgres');
select is((select moderation_state from comments where id = tests.fx('comment')), 'hidden'::moderation_state,
  'comments are hidden automatically too (author + agent = 2 reporters)');
select is((select count(*)::int from moderation_actions where comment_id = tests.fx('comment') and action = 'auto_hide'), 1,
  'and logged once');
select is((select comment_count from proposals where id = tests.fx('published')), 0, 'the hidden comment no longer counts');
select is(tests.outcome('agent', $$update city_settings set report_threshold = 0$$), 'filtered',
  'only admins change the threshold');
select is(tests.outcome('admin', $$update city_settings set report_threshold = 0$$), 'constraint:city_settings_report_threshold_range',
  'the threshold is at least 1');

select * from finish();
rollback;
