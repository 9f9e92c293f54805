-- proposals: the RLS matrix, column protection, district assignment, validation.
begin;
set local search_path = public, extensions, tests;
select plan(117);
select tests.world();

-- ------------------------------------------------------------------ RLS matrix
select * from tests.matrix('proposals', 'select', 'a published proposal',
  $$select 1 from proposals where id = tests.fx('published')$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');

select * from tests.matrix('proposals', 'select', 'a hidden proposal',
  $$select 1 from proposals where id = tests.fx('hidden')$$,
  'anon=filtered author=allowed other=filtered agent=allowed agent_other=filtered planner=filtered admin=allowed service_role=allowed');

select * from tests.matrix('proposals', 'select', 'a pending proposal',
  $$select 1 from proposals where id = tests.fx('pending')$$,
  'anon=filtered author=allowed other=filtered agent=allowed agent_other=filtered planner=filtered admin=allowed service_role=allowed');

select * from tests.matrix('proposals', 'insert', 'in their own name',
  $$insert into proposals (author_id, title, category_id, location)
    values (coalesce(auth.uid(), tests.id('author')), 'A new bench', (select id from categories where slug = 'public-space'),
            '{"type":"Point","coordinates":[11.26,43.775]}')$$,
  'anon=grant author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');

select * from tests.matrix('proposals', 'insert', 'in the author''s name',
  $$insert into proposals (author_id, title, category_id, location)
    values (tests.id('author'), 'Spoofed', (select id from categories where slug = 'public-space'),
            '{"type":"Point","coordinates":[11.26,43.775]}')$$,
  'anon=grant author=allowed other=policy agent=policy agent_other=policy planner=policy admin=policy service_role=allowed');

select * from tests.matrix('proposals', 'update', 'the title of the author''s published proposal',
  $$update proposals set title = 'Changed title' where id = tests.fx('published')$$,
  'anon=grant author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');

select * from tests.matrix('proposals', 'update', 'the author''s hidden proposal',
  $$update proposals set description = 'Fixed' where id = tests.fx('hidden')$$,
  'anon=grant author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');

select * from tests.matrix('proposals', 'update', 'the moderation state',
  $$update proposals set moderation_state = 'hidden' where id = tests.fx('published')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');

select * from tests.matrix('proposals', 'delete', 'the author''s published proposal',
  $$delete from proposals where id = tests.fx('published')$$,
  'anon=grant author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');

-- ------------------------------------------------------------------ column protection
select tests.expect('author', format($$update proposals set %s where id = tests.fx('published')$$, assignment), 'grant',
                    'the author cannot set ' || assignment)
from unnest(array[
  'district_id = tests.district(''rifredi'')', 'agree_count = 99', 'disagree_count = 0', 'comment_count = 5',
  'moderation_state = ''published''', 'moderation_reason = ''ok''', 'moderated_at = now()', 'status = ''accepted''',
  'official_answer = ''Yes''', 'answered_at = now()', 'duplicate_of = tests.fx(''fresh'')',
  'author_id = tests.id(''other'')', 'created_at = now()', 'updated_at = now()', 'edited_at = null',
  'lng = 11.3', 'lat = 43.8'
]) as assignment;

select tests.expect('author', format($$insert into proposals (title, category_id, location, %s)
                                      values ('Sneaky one', (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}', %s)$$,
                                      split_part(pair, '|', 1), split_part(pair, '|', 2)),
                    'grant', 'the author cannot choose ' || split_part(pair, '|', 1) || ' on insert')
from unnest(array[
  'district_id|1', 'moderation_state|''published''', 'status|''accepted''', 'agree_count|10', 'official_answer|''ok''',
  'created_at|now()', 'lng|0', 'duplicate_of|null'
]) as pair;

-- ------------------------------------------------------------------ what the database keeps
select tests.act_as('author');
insert into proposals (title, category_id, location)
values ('  Bench in Campo di Marte ', (select id from categories where slug = 'public-space'),
        '{"type":"Point","coordinates":[11.293617,43.794061],"extra":"ignored"}');
select tests.act_as('postgres');

select is(
  (select row(p.author_id, d.slug, p.moderation_state, p.status, p.agree_count, p.lng, p.lat)::text
   from proposals p join districts d on d.id = p.district_id where p.title like '%Bench in Campo%'),
  row(tests.id('author'), 'campo-di-marte', 'published'::moderation_state, 'new'::proposal_status, 0, 11.293617::float8, 43.794061::float8)::text,
  'a new proposal: the caller is the author, the district comes from the point, published, new, no votes');
select is((select location from proposals where title like '%Bench in Campo%'),
  '{"type":"Point","coordinates":[11.293617,43.794061]}'::jsonb, 'the location is normalised to a plain GeoJSON Point');

select tests.act_as('author');
update proposals set location = '{"type":"Point","coordinates":[11.221404,43.804312]}' where title like '%Bench in Campo%';
select tests.act_as('postgres');
select is((select d.slug from proposals p join districts d on d.id = p.district_id where p.title like '%Bench in Campo%'),
  'rifredi', 'moving a proposal reassigns its district');
select isnt((select edited_at from proposals where title like '%Bench in Campo%'), null, 'moving a proposal marks it edited');

select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values ('Out of town', (select id from categories limit 1), '{"type":"Point","coordinates":[11.0,43.0]}')$$),
  'error:proposal_outside_city', 'a point outside the city is refused with proposal_outside_city');
select is(tests.outcome('author', $$update proposals set location = '{"type":"Point","coordinates":[12.5,41.9]}'
  where id = tests.fx('published')$$),
  'error:proposal_outside_city', 'moving a proposal out of the city is refused too');
select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values ('A line', (select id from categories limit 1), '{"type":"LineString","coordinates":[[11.25,43.77],[11.26,43.77]]}')$$),
  'error:proposal_geometry_unsupported', 'only points for now: proposal_geometry_unsupported');
select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values ('Bad point', (select id from categories limit 1), '{"type":"Point","coordinates":["11.25",43.77]}')$$),
  'error:proposal_geometry_unsupported', 'coordinates must be numbers');
select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values ('ab', (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}')$$),
  'constraint:proposals_title_length', 'a title needs 3 characters');
select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values ('   ab   ', (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}')$$),
  'constraint:proposals_title_length', 'spaces do not count in the title length');
select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values (repeat('x', 121), (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}')$$),
  'constraint:proposals_title_length', 'a title has at most 120 characters');
select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values (repeat('x', 120), (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}')$$),
  'allowed', '120 characters are fine');
select is(tests.outcome('author', $$insert into proposals (title, description, category_id, location)
  values ('Long story', repeat('x', 4001), (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}')$$),
  'constraint:proposals_description_length', 'a description has at most 4000 characters');
select is(tests.outcome('author', $$insert into proposals (title, category_id, location)
  values ('No such category', -1, '{"type":"Point","coordinates":[11.26,43.775]}')$$),
  'constraint:proposals_category_id_fkey', 'the category must exist');
select is(tests.outcome('author', format($$insert into proposals (title, category_id, location, photo_path)
  values ('Borrowed photo', (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}', '%s/x.jpg')$$, tests.id('other'))),
  'constraint:proposals_photo_in_author_folder', 'a photo must be in the author''s own folder');
select is(tests.outcome('author', format($$insert into proposals (title, category_id, location, photo_path)
  values ('My photo', (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}', '%s/x.jpg')$$, tests.id('author'))),
  'allowed', 'a photo in the author''s own folder is fine');

-- Pre-moderation: new proposals wait for an agent.
update city_settings set moderation_mode = 'pre';
select tests.act_as('other');
insert into proposals (title, category_id, location)
values ('Waiting for review', (select id from categories limit 1), '{"type":"Point","coordinates":[11.26,43.775]}');
select tests.act_as('postgres');
select is((select moderation_state from proposals where title = 'Waiting for review'), 'pending'::moderation_state,
  'in pre-moderation a new proposal is pending');
select tests.expect('anon', $$select 1 from proposals where title = 'Waiting for review'$$, 'filtered', 'the public does not see it');
select tests.expect('agent', $$select 1 from proposals where title = 'Waiting for review'$$, 'allowed', 'the agent of its district does');
update city_settings set moderation_mode = 'post';

select is((select count(*)::int from proposals where id = tests.fx('published') and updated_at >= created_at), 1,
  'timestamps are kept');

select * from finish();
rollback;
