-- districts, categories and city_settings: public reference data that only admins (and, for
-- districts, planners) maintain.
begin;
set local search_path = public, extensions, tests;
select plan(111);
select tests.world();

-- ------------------------------------------------------------------ districts
select * from tests.matrix('districts', 'select', 'centro-storico',
  $$select id, slug, name, population, geometry from districts where slug = 'centro-storico'$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('districts', 'insert', 'a new district',
  $$insert into districts (slug, name, population, geometry)
    values ('test-square', 'Test square', 10, '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}')$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('districts', 'update', 'the name of centro-storico',
  $$update districts set name = 'Renamed' where slug = 'centro-storico'$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('districts', 'delete', 'rifredi',
  $$delete from districts where slug = 'rifredi'$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=allowed admin=allowed service_role=allowed');

select is(tests.outcome('admin', $$update districts set min_lng = 0 where slug = 'rifredi'$$), 'grant',
  'the bounding box is computed, not written');
select is(tests.outcome('admin', $$insert into districts (slug, name, geometry) values ('bad', 'Bad', '{"type":"Point","coordinates":[0,0]}')$$),
  'error:district_geometry_invalid', 'a district is a Polygon or MultiPolygon');
select is(tests.outcome('admin', $$insert into districts (slug, name, geometry) values ('bad', 'Bad', '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}')$$),
  'error:district_geometry_invalid', 'rings are closed');
select is(tests.outcome('admin', $$insert into districts (slug, name, geometry) values ('bad', 'Bad', '{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}')$$),
  'error:district_geometry_invalid', 'rings have four positions at least');
select is(tests.outcome('admin', $$insert into districts (slug, name, geometry) values ('bad', 'Bad', '{"type":"Polygon","coordinates":[[[0,0],[200,0],[1,1],[0,0]]]}')$$),
  'error:district_geometry_invalid', 'coordinates are WGS84');
select is(tests.outcome('admin', $$insert into districts (slug, name, geometry) values ('Bad Slug', 'Bad', '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}')$$),
  'constraint:districts_slug_format', 'slugs are lowercase words with dashes');
select is((select array[min_lng, min_lat, max_lng, max_lat] from districts where slug = 'centro-storico'),
  (select array[min(x), min(y), max(x), max(y)] from private.district_rings r, unnest(r.xs, r.ys) as p (x, y)
   where r.district_id = tests.district('centro-storico')),
  'the bounding box is that of the geometry');
select is((select count(*)::int from districts), 5, 'the five quartieri of Florence are loaded');
select is((select array_agg(slug order by id) from districts),
  array['centro-storico', 'campo-di-marte', 'gavinana-galluzzo', 'isolotto-legnaia', 'rifredi'], 'in file order');

-- ------------------------------------------------------------------ categories
select * from tests.matrix('categories', 'select', 'a category',
  $$select label_fr, label_en, color, icon from categories where slug = 'mobility'$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('categories', 'insert', 'a new category',
  $$insert into categories (slug, label_fr, label_en, color, icon) values ('water', 'Eau', 'Water', '#0000ff', 'drop')$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=policy admin=allowed service_role=allowed');
select * from tests.matrix('categories', 'update', 'the colour of a category',
  $$update categories set color = '#123456' where id = tests.fx('unused_category')$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');
select * from tests.matrix('categories', 'delete', 'an unused category',
  $$delete from categories where id = tests.fx('unused_category')$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');
select is(tests.outcome('admin', $$update categories set color = 'red' where slug = 'mobility'$$), 'constraint:categories_color_format',
  'colours are #rrggbb');
select is(tests.outcome('admin', $$delete from categories where slug = 'mobility'$$), 'constraint:proposals_category_id_fkey',
  'a category in use cannot be deleted (deactivate it instead)');
select ok((select count(*) from categories where label_fr <> '' and label_en <> '') >= 9, 'the seed brings labelled categories');

-- ------------------------------------------------------------------ city_settings
select * from tests.matrix('city_settings', 'select', 'the settings',
  $$select moderation_mode, report_threshold, voting_open from city_settings$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('city_settings', 'insert', 'a second settings row',
  $$insert into city_settings (id) values (true)$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=constraint:city_settings_pkey');
select * from tests.matrix('city_settings', 'update', 'pre-moderation',
  $$update city_settings set moderation_mode = 'pre'$$,
  'anon=grant author=filtered other=filtered agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');
select * from tests.matrix('city_settings', 'delete', 'the settings',
  $$delete from city_settings$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');
select is(tests.outcome('service_role', $$insert into city_settings (id) values (false)$$), 'constraint:city_settings_single_row',
  'there is one row of settings');
select is((select row(moderation_mode, report_threshold, voting_open)::text from city_settings),
  row('post'::moderation_mode, 3, true)::text, 'defaults: post-moderation, 3 reports, voting open');
select is((select city_name from city_settings), 'Firenze', 'the city''s name comes from the pack');

select * from finish();
rollback;
