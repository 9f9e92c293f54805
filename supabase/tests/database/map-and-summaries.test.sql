-- The map RPC (bounding box, not capped at 1000 rows) and the planners' district summary.
begin;
set local search_path = public, extensions, tests;
select plan(44);
select tests.world();

-- ------------------------------------------------------------------ proposals_in_bbox
select * from tests.matrix('proposals_in_bbox', 'execute', 'the whole city',
  $$select 1 from (select proposals_in_bbox(11.1, 43.7, 11.4, 43.9) as r) x where json_array_length(r -> 'rows') >= 3$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');

create temporary table ids_seen (actor text, id bigint) on commit drop;
grant insert, select on ids_seen to anon, authenticated;
select tests.act_as('anon');
insert into ids_seen select 'anon', (r ->> 0)::bigint from json_array_elements(proposals_in_bbox(11.1, 43.7, 11.4, 43.9) -> 'rows') r;
insert into ids_seen select 'anon+unpublished', (r ->> 0)::bigint
from json_array_elements(proposals_in_bbox(11.1, 43.7, 11.4, 43.9, p_include_unpublished => true) -> 'rows') r;
select tests.act_as('author');
insert into ids_seen select 'author+unpublished', (r ->> 0)::bigint
from json_array_elements(proposals_in_bbox(11.1, 43.7, 11.4, 43.9, p_include_unpublished => true) -> 'rows') r;
select tests.act_as('agent_other');
insert into ids_seen select 'agent_other+unpublished', (r ->> 0)::bigint
from json_array_elements(proposals_in_bbox(11.1, 43.7, 11.4, 43.9, p_include_unpublished => true) -> 'rows') r;
select tests.act_as('postgres');

select set_eq($$select id from ids_seen where actor = 'anon'$$,
  array[tests.fx('published'), tests.fx('fresh'), tests.fx('elsewhere')], 'the public map shows published proposals');
select set_eq($$select id from ids_seen where actor = 'anon+unpublished'$$,
  array[tests.fx('published'), tests.fx('fresh'), tests.fx('elsewhere')], 'asking for more does not show anon more');
select set_eq($$select id from ids_seen where actor = 'author+unpublished'$$,
  array[tests.fx('published'), tests.fx('hidden'), tests.fx('pending'), tests.fx('fresh'), tests.fx('elsewhere')],
  'the author also sees their hidden and pending proposals');
select set_eq($$select id from ids_seen where actor = 'agent_other+unpublished'$$,
  array[tests.fx('published'), tests.fx('fresh'), tests.fx('elsewhere')],
  'an agent of another district does not see those');

select is((proposals_in_bbox(11.1, 43.7, 11.4, 43.9) -> 'columns')::jsonb,
  '["id","lng","lat","category_id","status","moderation_state","agree","disagree","comments"]'::jsonb,
  'rows are arrays in the order of "columns"');
select is((proposals_in_bbox(11.2557, 43.7730, 11.2559, 43.7732) -> 'rows' -> 0)::jsonb,
  jsonb_build_array(tests.fx('published'), 11.2558, 43.7731, (select id from categories where slug = 'mobility'), 'new', 'published', 1, 1, 1),
  'one row: id, lng, lat, category, status, moderation state, agree, disagree, comments');
select is(json_array_length(proposals_in_bbox(11.29, 43.77, 11.31, 43.79) -> 'rows'), 1, 'a small box holds what is in it');
select is(json_array_length(proposals_in_bbox(11.1, 43.7, 11.4, 43.9, p_category_ids => array[(select id from categories where slug = 'nature')]) -> 'rows'),
  0, 'filter by category');
select is((proposals_in_bbox(11.1, 43.7, 11.4, 43.9, p_limit => 2) ->> 'truncated')::boolean, true, 'truncated says when the limit cut');
select is((proposals_in_bbox(11.1, 43.7, 11.4, 43.9) ->> 'truncated')::boolean, false, 'and when not');

-- More than PostgREST's 1000 rows come back in the one JSON value.
insert into proposals (author_id, title, category_id, location)
select tests.id('other'), 'Bulk ' || i, (select id from categories where slug = 'other'),
       jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(11.24 + (i % 50) * 0.0004, 43.765 + (i / 50) * 0.0004))
from generate_series(1, 1500) i;
select tests.act_as('anon');
select is(json_array_length(proposals_in_bbox(11.1, 43.7, 11.4, 43.9) -> 'rows'), 1503, 'not capped at 1000 rows');
select tests.act_as('postgres');

-- ------------------------------------------------------------------ district summaries
select * from tests.matrix('district_summaries', 'select', 'the per-district summary',
  $$select 1 from district_summaries$$,
  'anon=grant author=error:not_planner other=error:not_planner agent=error:not_planner agent_other=error:not_planner planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('district_summary', 'execute', 'the filtered summary',
  $$select 1 from district_summary(p_statuses => array['new']::proposal_status[])$$,
  'anon=grant author=error:not_planner other=error:not_planner agent=error:not_planner agent_other=error:not_planner planner=allowed admin=allowed service_role=allowed');
select is((select row(is_updatable, is_insertable_into)::text from information_schema.views
           where table_schema = 'public' and table_name = 'district_summaries'), row('NO', 'NO')::text,
  'the summary is read-only');

delete from proposals where title like 'Bulk %';
select tests.act_as('planner');
create temporary table summary on commit drop as select * from district_summaries;
select tests.act_as('postgres');
select is((select count(*)::int from summary), 5, 'one row per district, in district order');
select is((select row(proposals, agree, disagree, net_score, participants, participants_per_1000)::text from summary where slug = 'centro-storico'),
  row(2::bigint, 1::bigint, 1::bigint, 0::bigint, 2::bigint, round(2 * 1000.0 / 64009, 2))::text,
  'centro-storico: 2 published proposals, 1 agree, 1 disagree, 2 people took part (author, other), per 1000 inhabitants');
select is((select by_category from summary where slug = 'centro-storico'),
  '{"mobility": {"agree": 1, "disagree": 1, "proposals": 2}}'::jsonb, 'broken down by category');
select is((select row(proposals, participants)::text from summary where slug = 'rifredi'), row(0::bigint, 0::bigint)::text,
  'districts without proposals show zeros');
select is((select count(*)::int from information_schema.columns
           where table_schema = 'public' and table_name = 'district_summaries' and data_type = 'uuid'), 0,
  'the summary carries no identities');

-- Participants are people, not clicks: votes and comments by the same person count once.
select tests.act_as('agent');
insert into votes (proposal_id, value) values (tests.fx('published'), 1), (tests.fx('fresh'), 1);
insert into comments (proposal_id, body) values (tests.fx('published'), 'Agreed'), (tests.fx('fresh'), 'Agreed too');
select tests.act_as('planner');
select is((select participants from district_summaries where slug = 'centro-storico'), 3::bigint,
  'a person who votes twice and comments twice counts once');
select is((select proposals from district_summary(p_category_ids => array[(select id from categories where slug = 'nature')]) where slug = 'centro-storico'),
  0::bigint, 'filter by category');
select is((select proposals from district_summary(p_from => now() + interval '1 day') where slug = 'centro-storico'),
  0::bigint, 'filter by creation date');
select tests.act_as('postgres');

select * from finish();
rollback;
