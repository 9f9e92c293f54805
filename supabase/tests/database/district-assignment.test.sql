-- District assignment without PostGIS, on Florence's quartieri: inside each one, on shared
-- borders (the lowest district id wins, i.e. the first in the pack's file order), outside.
-- Then holes and multipolygons on made-up districts, and reassignment when boundaries change.
begin;
set local search_path = public, extensions, tests;
select plan(52);

create temporary table points (label text, lng float8, lat float8, expected text) on commit drop;
insert into points values
  -- one point well inside each quartiere (the pack's label points)
  ('inside Q1 Centro Storico', 11.233498, 43.76626, 'centro-storico'),
  ('inside Q2 Campo di Marte', 11.293617, 43.794061, 'campo-di-marte'),
  ('inside Q3 Gavinana Galluzzo', 11.259386, 43.746686, 'gavinana-galluzzo'),
  ('inside Q4 Isolotto Legnaia', 11.197061, 43.771979, 'isolotto-legnaia'),
  ('inside Q5 Rifredi', 11.221404, 43.804312, 'rifredi'),
  ('the Duomo', 11.2558, 43.7731, 'centro-storico'),
  ('Piazzale Michelangelo (Oltrarno is Q1)', 11.2650, 43.7629, 'centro-storico'),
  ('Certosa del Galluzzo', 11.2470, 43.7290, 'gavinana-galluzzo'),
  ('Viale Europa, Gavinana', 11.2833, 43.7536, 'gavinana-galluzzo'),
  ('Isolotto', 11.2150, 43.7680, 'isolotto-legnaia'),
  ('Novoli', 11.2280, 43.7950, 'rifredi'),
  ('Stadio Artemio Franchi', 11.2823, 43.7809, 'campo-di-marte'),
  ('Careggi hospital', 11.2493, 43.8037, 'rifredi'),
  ('Parco delle Cascine', 11.2180, 43.7820, 'centro-storico'),
  -- on a shared border (a vertex of both rings): the lower id wins
  ('border Q1|Q2', 11.27137, 43.771458, 'centro-storico'),
  ('border Q1|Q3', 11.254255, 43.754208, 'centro-storico'),
  ('border Q1|Q4', 11.239005, 43.768061, 'centro-storico'),
  ('border Q1|Q5', 11.228215, 43.788193, 'centro-storico'),
  ('border Q2|Q3', 11.295243, 43.766081, 'campo-di-marte'),
  ('border Q2|Q5', 11.271299, 43.821854, 'campo-di-marte'),
  ('border Q3|Q4', 11.219842, 43.757668, 'gavinana-galluzzo'),
  ('border Q4|Q5', 11.178338, 43.789169, 'isolotto-legnaia'),
  -- where three meet
  ('corner Q1|Q3|Q4', 11.231188, 43.759284, 'centro-storico'),
  ('corner Q1|Q2|Q5', 11.26048, 43.783733, 'centro-storico'),
  ('corner Q1|Q4|Q5', 11.197174, 43.789481, 'centro-storico'),
  -- outside the city
  ('Fiesole', 11.2936, 43.8065, null),
  ('Sesto Fiorentino', 11.2000, 43.8330, null),
  ('Scandicci', 11.1890, 43.7550, null),
  ('Bagno a Ripoli', 11.3210, 43.7550, null),
  ('corner of the bounding box', 11.1500, 43.8350, null),
  ('Rome', 12.4964, 41.9028, null),
  ('null island', 0, 0, null);
grant select on points to authenticated;

select is(
  (select d.slug from districts d where d.id = private.district_for_point(p.lng, p.lat)),
  p.expected,
  format('%s (%s, %s) → %s', p.label, p.lng, p.lat, coalesce(p.expected, 'outside the city'))
)
from points p order by p.label;

-- The same through the API: a resident's proposal gets the district, or proposal_outside_city.
select tests.create_user('resident');
select is(
  tests.outcome('resident', format($$insert into proposals (title, category_id, location) values ('At %s', (select id from categories limit 1), '{"type":"Point","coordinates":[%s,%s]}')$$,
                                   p.label, p.lng, p.lat)),
  case when p.expected is null then 'error:proposal_outside_city' else 'allowed' end,
  'a proposal at ' || p.label)
from points p where p.label like 'inside%' or p.label in ('Fiesole', 'Rome') order by p.label;

select tests.act_as('resident');
insert into proposals (title, category_id, location)
select 'Proposal at ' || p.label, (select id from categories limit 1),
       jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(p.lng, p.lat))
from points p where p.expected is not null;
select tests.act_as('postgres');
select is(
  (select count(*)::int from proposals pr join points p on pr.title = 'Proposal at ' || p.label
   join districts d on d.id = pr.district_id where d.slug = p.expected),
  (select count(*)::int from points where expected is not null),
  'every proposal got the district of its point, border tie-break included');

-- ------------------------------------------------------------------ holes and multipolygons
-- A square with a square hole (id lower), and a multipolygon that fills the hole and adds an
-- island further east. Made up near (0, 0), away from Florence.
insert into districts (slug, name, geometry) values
  ('frame', 'Frame', '{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,3],[3,3],[3,1],[1,1]]]}'),
  ('core-and-island', 'Core and island',
   '{"type":"MultiPolygon","coordinates":[[[[1,1],[3,1],[3,3],[1,3],[1,1]]],[[[5,0],[6,0],[6,1],[5,1],[5,0]]]]}');

select is((select slug from districts where id = private.district_for_point(0.5, 0.5)), 'frame', 'in the frame');
select is((select slug from districts where id = private.district_for_point(2, 2)), 'core-and-island', 'in the hole: the district that fills it');
select is((select slug from districts where id = private.district_for_point(1, 2)), 'frame', 'on the hole''s edge: shared, the lower id wins');
select is((select slug from districts where id = private.district_for_point(5.5, 0.5)), 'core-and-island', 'on the island (second polygon)');
select is((select slug from districts where id = private.district_for_point(6, 0.5)), 'core-and-island', 'on the island''s outer edge');
select is((select slug from districts where id = private.district_for_point(4, 4)), 'frame', 'on the frame''s corner');
select is(private.district_for_point(4.5, 0.5), null, 'between the frame and the island: outside');
select is(private.district_for_point(4.0000001, 2), null, 'just outside the frame');
select is((select slug from districts where id = private.district_for_point(3.9999999, 2)), 'frame', 'just inside the frame');

-- Without the hole-filling district the hole is outside the city.
select tests.act_as('resident');
insert into proposals (title, category_id, location) values ('In the core', (select id from categories limit 1), '{"type":"Point","coordinates":[2,2]}');
select tests.act_as('postgres');
delete from districts where slug = 'core-and-island';
select is((select district_id from proposals where title = 'In the core'), null,
  'when its district goes, a proposal in the hole belongs to none');
update districts set geometry = '{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}' where slug = 'frame';
select is((select d.slug from proposals p join districts d on d.id = p.district_id where p.title = 'In the core'), 'frame',
  'when boundaries change, proposals are reassigned by the database');
select is((select count(*)::int from private.district_rings where district_id = tests.district('frame')), 1,
  'the rings follow the geometry');

select * from finish();
rollback;
