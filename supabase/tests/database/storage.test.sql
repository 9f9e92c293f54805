-- storage: the proposal-photos bucket (limits) and the RLS matrix of storage.objects.
begin;
set local search_path = public, extensions, tests;
select plan(97);
select tests.world();

select is((select row(public, file_size_limit, allowed_mime_types)::text from storage.buckets where id = 'proposal-photos'),
  row(false, 5242880::bigint, array['image/jpeg', 'image/png', 'image/webp'])::text,
  'proposal-photos: private bucket (reads go through policies), 5 MB, JPEG/PNG/WebP');

select * from tests.matrix('storage.objects', 'select', 'the photo of a published proposal',
  $$select 1 from storage.objects where bucket_id = 'proposal-photos' and name = tests.id('author') || '/published.jpg'$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('storage.objects', 'select', 'the photo of a hidden proposal',
  $$select 1 from storage.objects where bucket_id = 'proposal-photos' and name = tests.id('author') || '/hidden.jpg'$$,
  'anon=filtered author=allowed other=filtered agent=allowed agent_other=filtered planner=filtered admin=allowed service_role=allowed');
select * from tests.matrix('storage.objects', 'select', 'a photo not attached to any proposal',
  $$select 1 from storage.objects where bucket_id = 'proposal-photos' and name = tests.id('author') || '/draft.jpg'$$,
  'anon=filtered author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');
select * from tests.matrix('storage.objects', 'insert', 'an upload into their own folder',
  $$insert into storage.objects (bucket_id, name, owner)
    values ('proposal-photos', coalesce(auth.uid(), tests.id('author')) || '/new.jpg', auth.uid())$$,
  'anon=policy author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');
select * from tests.matrix('storage.objects', 'insert', 'an upload into the author''s folder',
  $$insert into storage.objects (bucket_id, name) values ('proposal-photos', tests.id('author') || '/intruder.jpg')$$,
  'anon=policy author=allowed other=policy agent=policy agent_other=policy planner=policy admin=policy service_role=allowed');
select * from tests.matrix('storage.objects', 'insert', 'an upload at the root of the bucket',
  $$insert into storage.objects (bucket_id, name) values ('proposal-photos', 'root.jpg')$$,
  'anon=policy author=policy other=policy agent=policy agent_other=policy planner=policy admin=policy service_role=allowed');
select * from tests.matrix('storage.objects', 'update', 'the author''s unattached photo',
  $$update storage.objects set metadata = '{"size": 1}' where bucket_id = 'proposal-photos' and name = tests.id('author') || '/draft.jpg'$$,
  'anon=filtered author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');
select * from tests.matrix('storage.objects', 'update', 'the photo of a published proposal',
  $$update storage.objects set metadata = '{"size": 2}' where bucket_id = 'proposal-photos' and name = tests.id('author') || '/published.jpg'$$,
  'anon=filtered author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');
select * from tests.matrix('storage.objects', 'update', 'moving the author''s photo into another folder',
  $$update storage.objects set name = tests.id('other') || '/moved.jpg' where bucket_id = 'proposal-photos' and name = tests.id('author') || '/draft.jpg'$$,
  'anon=filtered author=policy other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');
select * from tests.matrix('storage.objects', 'delete', 'the author''s unattached photo',
  $$delete from storage.objects where bucket_id = 'proposal-photos' and name = tests.id('author') || '/draft.jpg'$$,
  'anon=filtered author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');
select * from tests.matrix('storage.objects', 'delete', 'the photo of a published proposal',
  $$delete from storage.objects where bucket_id = 'proposal-photos' and name = tests.id('author') || '/published.jpg'$$,
  'anon=filtered author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');

-- No listing of the whole bucket: a listing shows only what the caller may read anyway.
select tests.act_as('anon');
select is((select count(*)::int from storage.objects where bucket_id = 'proposal-photos'), 1, 'anon lists only published photos');
select tests.act_as('other');
select is((select count(*)::int from storage.objects where bucket_id = 'proposal-photos'), 1, 'another resident too');
select tests.act_as('author');
select is((select count(*)::int from storage.objects where bucket_id = 'proposal-photos'), 3, 'the author lists their own folder');
select tests.act_as('postgres');

-- A photo follows its proposal: hidden, it is no longer public.
select tests.act_as('agent');
select moderate_proposal(tests.fx('published'), 'hide', 'personal_data');
select tests.act_as('postgres');
select tests.expect('anon', $$select 1 from storage.objects where name = tests.id('author') || '/published.jpg'$$, 'filtered',
  'the photo of a proposal hidden by an agent is no longer public');

-- Buckets are configuration: nobody but the service role sees or changes them through the API.
select tests.expect('anon', $$select 1 from storage.buckets where id = 'proposal-photos'$$, 'filtered', 'anon does not read buckets');
select tests.expect('admin', $$update storage.buckets set file_size_limit = null where id = 'proposal-photos'$$, 'filtered',
  'admins do not change bucket limits through the API');
select tests.expect('author', $$insert into storage.buckets (id, name, public) values ('open', 'open', true)$$, 'policy',
  'residents cannot create buckets');
select tests.expect('service_role', $$select 1 from storage.buckets where id = 'proposal-photos'$$, 'allowed', 'the service role can');

select * from finish();
rollback;
