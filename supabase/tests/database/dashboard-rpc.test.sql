-- The dashboard's RPCs: anonymous vote data and participant counts for planners and admins only,
-- and the official districts import (who may, bad input refused, proposals and agents follow).
begin;
set local search_path = public, extensions, tests;
select plan(52);
select tests.world();

-- ------------------------------------------------------------------ who may call
select * from tests.matrix('dashboard_data', 'execute', 'proposals and anonymous votes',
  $$select 1 from (select dashboard_data() as d) x where d is not null$$,
  'anon=grant author=error:not_planner other=error:not_planner agent=error:not_planner agent_other=error:not_planner planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('dashboard_participants', 'execute', 'participants per group',
  $$select 1 from dashboard_participants(array[tests.fx('published')], array[0])$$,
  'anon=grant author=error:not_planner other=error:not_planner agent=error:not_planner agent_other=error:not_planner planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('import_districts', 'execute', 'replace the official districts (rolled back)',
  $$select 1 from (select import_districts(jsonb_build_object('type', 'FeatureCollection', 'features',
      (select jsonb_agg(jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('name', name, 'slug', slug),
                                           'geometry', geometry) order by id) from districts))) as r) x where r is not null$$,
  'anon=grant author=error:not_planner other=error:not_planner agent=error:not_planner agent_other=error:not_planner planner=allowed admin=allowed service_role=allowed');

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public' and p.proname in ('dashboard_data', 'dashboard_participants', 'import_districts')
    and (p.prosecdef or has_function_privilege('anon', p.oid, 'execute') or not has_function_privilege('authenticated', p.oid, 'execute'))
$$, 'the public wrappers run as the caller, for signed-in users only (the private functions check the role)');
select is((select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = 'private' and p.prosecdef
             and p.proname in ('require_planner', 'dashboard_data', 'dashboard_participants', 'import_districts')), 4,
  'the checks and reads behind them are security definer in private');

-- ------------------------------------------------------------------ dashboard_data: no identities
select tests.act_as('planner');
create temporary table data on commit drop as select dashboard_data()::jsonb as d;
select tests.act_as('postgres');
select is(d -> 'proposals' -> 'columns',
  '["id","lng","lat","title","category","status","created_at","agree","disagree","comments"]'::jsonb,
  'proposal rows: id, place, title, category, status, date, counters (no author)') from data;
select is(d -> 'votes' -> 'columns', '["proposal_id","value","cast_at","young_account"]'::jsonb,
  'vote rows: proposal, value, time, young-account flag (no voter)') from data;
select set_eq($$select (r ->> 0)::bigint from data, jsonb_array_elements(d -> 'proposals' -> 'rows') r$$,
  array[tests.fx('published'), tests.fx('fresh'), tests.fx('elsewhere')], 'published proposals only');
select is((select jsonb_array_length(d -> 'votes' -> 'rows') from data), 2, 'the two votes on the published proposal');
select is((select count(*)::int from data, jsonb_array_elements(d -> 'votes' -> 'rows') r where (r ->> 3)::boolean), 2,
  'accounts created just now are young');
select is_empty($$select 1 from data, tests.users u where d::text like '%' || u.id || '%'$$,
  'no account id anywhere in the answer');

-- ------------------------------------------------------------------ participants
select tests.act_as('planner');
create temporary table groups on commit drop as
select * from dashboard_participants(array[tests.fx('published'), tests.fx('fresh'), tests.fx('elsewhere'), tests.fx('hidden')],
                                     array[0, 0, 1, 2]);
select tests.act_as('postgres');
select results_eq($$select group_index, participants from groups order by group_index$$,
  $$values (0, 2::bigint), (1, 1::bigint)$$,
  'author and other took part in group 0 (author, voters, commenter counted once); a hidden proposal counts nothing');
select tests.expect('planner', $$select dashboard_participants(array[1, 2]::bigint[], array[0])$$, 'error:groups_mismatch',
  'one group per proposal, or a plain refusal');

-- ------------------------------------------------------------------ import: bad input refused, nothing changed
create temporary table florence on commit drop as
select jsonb_agg(jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('name', name, 'slug', slug, 'population', population),
                                    'geometry', geometry) order by id) as features
from districts;
grant select on florence to authenticated;
select tests.expect('planner', $$select import_districts('{"type": "Feature"}')$$, 'error:districts_import_invalid', 'not a FeatureCollection');
select tests.expect('planner', $$select import_districts('{"type": "FeatureCollection", "features": []}')$$, 'error:districts_import_invalid', 'no district');
select tests.expect('planner', $$select import_districts(jsonb_build_array(jsonb_build_object('type', 'Feature', 'properties', '{}'::jsonb,
  'geometry', (select features -> 0 -> 'geometry' from florence))))$$, 'error:districts_import_invalid', 'a district without a name');
select tests.expect('planner', $$select import_districts((select features || jsonb_build_array(features -> 0) from florence))$$,
  'error:districts_import_invalid', 'two districts with the same slug');
select tests.expect('planner', $$select import_districts(jsonb_build_array(jsonb_build_object('type', 'Feature',
  'properties', jsonb_build_object('name', 'X', 'population', -3), 'geometry', (select features -> 0 -> 'geometry' from florence))))$$,
  'error:districts_import_invalid', 'a negative population');
select tests.expect('planner', $$select import_districts(jsonb_build_array(jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('name', 'Open'),
  'geometry', '{"type": "Polygon", "coordinates": [[[11.2, 43.7], [11.3, 43.7], [11.3, 43.8], [11.2, 43.8]]]}'::jsonb)))$$,
  'error:district_geometry_invalid', 'a ring that is not closed (checked again by the districts trigger)');
select tests.expect('planner', $$select import_districts(jsonb_build_array(jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('name', 'Projected'),
  'geometry', '{"type": "Polygon", "coordinates": [[[681000, 4848000], [682000, 4848000], [682000, 4849000], [681000, 4848000]]]}'::jsonb)))$$,
  'error:district_geometry_invalid', 'projected coordinates');
select tests.expect('planner', $$select import_districts(jsonb_build_array(jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('name', 'Point'),
  'geometry', '{"type": "Point", "coordinates": [11.2, 43.7]}'::jsonb)))$$,
  'error:district_geometry_invalid', 'a point is not a district');
select is((select count(*)::int from districts), 5, 'refused imports changed nothing');

-- ------------------------------------------------------------------ import: replace, reassign, agents
-- Centro storico goes; a large "Area metropolitana" covering everything comes last (highest id,
-- so it only takes what no other district holds); the other four are kept by slug.
create temporary table outcome (r jsonb) on commit drop;
grant insert, select on outcome to authenticated;
select tests.act_as('planner');
insert into outcome select import_districts(jsonb_build_object('type', 'FeatureCollection', 'features',
  (select jsonb_agg(f) from florence, jsonb_array_elements(features) f where f -> 'properties' ->> 'slug' <> 'centro-storico')
  || jsonb_build_array(jsonb_build_object('type', 'Feature',
       'properties', jsonb_build_object('name', 'Area metropolitana', 'population', 1000000),
       'geometry', '{"type": "Polygon", "coordinates": [[[11.0, 43.6], [11.5, 43.6], [11.5, 43.9], [11.0, 43.9], [11.0, 43.6]]]}'::jsonb))))::jsonb;
select tests.act_as('postgres');

select is((select r - 'reassigned' - 'outside' from outcome),
  '{"inserted": 1, "updated": 4, "removed": 1, "agent_roles_removed": 1}'::jsonb, 'the import says what it did');
select is((select (r ->> 'reassigned')::int from outcome), 4, 'four proposals changed district');
select is((select array_agg(slug order by id) from districts),
  array['campo-di-marte', 'gavinana-galluzzo', 'isolotto-legnaia', 'rifredi', 'area-metropolitana'],
  'kept districts keep their ids, the new one comes after them (slug made from the name)');
select is((select population from districts where slug = 'area-metropolitana'), 1000000, 'population stored');
select set_eq($$select id from proposals where district_id = tests.district('area-metropolitana')$$,
  array[tests.fx('published'), tests.fx('hidden'), tests.fx('pending'), tests.fx('fresh')],
  'proposals of the removed district were reassigned by the database');
select is((select district_id from proposals where id = tests.fx('elsewhere')), tests.district('campo-di-marte'),
  'proposals elsewhere stay where they were');
select is_empty($$select 1 from user_roles where user_id = tests.id('agent')$$,
  'the agent of the removed district lost that role (documented)');
select isnt_empty($$select 1 from user_roles where user_id = tests.id('agent_other')$$,
  'the agent of a kept district keeps it');
select is((select count(*)::int from private.district_rings where district_id = tests.district('area-metropolitana')), 1,
  'rings are unpacked for the new district');

select * from finish();
rollback;
