-- The admin screen's city settings and the public moderation log's figures.
begin;
set local search_path = public, extensions, tests;
select plan(23);
select tests.world();

-- ------------------------------------------------------------------ city_settings
select * from tests.matrix('city_settings', 'update', 'switch to pre-moderation',
  $$update city_settings set moderation_mode = 'pre' where id$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');
select * from tests.matrix('city_settings', 'update', 'change the report threshold',
  $$update city_settings set report_threshold = 5 where id$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');

select is(tests.outcome('admin', $$update city_settings set report_threshold = 0 where id$$),
  'constraint:city_settings_report_threshold_range', 'the threshold is at least 1');
select is(tests.outcome('admin', $$update city_settings set report_threshold = 101 where id$$),
  'constraint:city_settings_report_threshold_range', 'and at most 100');
select is(tests.outcome('admin', $$update city_settings set updated_at = now() where id$$), 'grant',
  'only the settings themselves can change');

-- ------------------------------------------------------------------ moderation_stats: public, no identities
select set_eq($$select column_name::text from information_schema.columns
  where table_schema = 'public' and table_name = 'moderation_stats'$$,
  array['district_id', 'month', 'target_type', 'action', 'reason_code', 'count'],
  'the public figures hold no identity: district, month, target, action, reason, count');

select tests.act_as('agent');
select lives_ok($$select moderate_proposal(tests.fx('fresh'), 'hide', 'offensive', 'rude words')$$,
  'the agent hides a proposal of their district');
select tests.act_as('anon');
select is((select count from moderation_stats
           where district_id = tests.district('centro-storico') and action = 'hide' and reason_code = 'offensive'
             and month = date_trunc('month', now() at time zone 'UTC')::date), 1,
  'a visitor reads the count of this month, for this district and reason');
select tests.act_as('postgres');
select is(tests.outcome('anon', $$select actor_id, note from moderation_actions$$), 'grant',
  'a visitor cannot read the log itself (who acted, notes)');

select * from finish();
rollback;
