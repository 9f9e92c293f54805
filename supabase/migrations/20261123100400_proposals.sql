-- Proposals: a place on the map, what to do there, who asked, and how the city answers.

create table public.proposals (
  id bigint generated always as identity primary key,
  author_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  title text not null,
  description text not null default '',
  category_id bigint not null references public.categories (id),
  location jsonb not null,
  -- Always set by the prepare trigger from location; the default only says that nobody sends them
  -- (the generated client types make them optional on insert).
  lng double precision not null default 'NaN',
  lat double precision not null default 'NaN',
  district_id bigint references public.districts (id) on delete set null,
  photo_path text,
  moderation_state public.moderation_state not null default 'published',
  moderation_reason text,
  moderated_at timestamptz,
  status public.proposal_status not null default 'new',
  official_answer text,
  answered_at timestamptz,
  duplicate_of bigint references public.proposals (id) on delete set null,
  agree_count integer not null default 0,
  disagree_count integer not null default 0,
  comment_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  edited_at timestamptz,
  constraint proposals_title_length check (char_length(btrim(title)) between 3 and 120),
  constraint proposals_description_length check (char_length(description) <= 4000),
  constraint proposals_official_answer_length check (char_length(official_answer) <= 4000),
  constraint proposals_photo_in_author_folder check (
    photo_path is null or (starts_with(photo_path, author_id::text || '/') and char_length(photo_path) <= 300)
  ),
  constraint proposals_moderation_reason_format check (moderation_reason ~ '^[a-z_]{2,40}$'),
  constraint proposals_not_duplicate_of_itself check (duplicate_of <> id),
  constraint proposals_counters_not_negative check (agree_count >= 0 and disagree_count >= 0 and comment_count >= 0)
);
comment on table public.proposals is
  'Residents'' proposals: a GeoJSON location (a Point for now), text, category, optional photo; the district, '
  'counters, moderation state and status are kept by the database.';
comment on column public.proposals.location is 'GeoJSON geometry; only Point for now (lines and areas later).';
comment on column public.proposals.lng is 'Anchor longitude, computed from location.';
comment on column public.proposals.lat is 'Anchor latitude, computed from location.';
comment on column public.proposals.district_id is 'Computed by the database from the location; null only after a boundary change left it outside.';
comment on column public.proposals.photo_path is 'Object name in the proposal-photos bucket, under the author''s folder.';
comment on column public.proposals.moderation_reason is 'Reason code of the last moderation action (public: "moderated on <date>: <reason>").';

create index proposals_author_id_idx on public.proposals (author_id);
create index proposals_district_id_idx on public.proposals (district_id);
create index proposals_category_id_idx on public.proposals (category_id);
create index proposals_duplicate_of_idx on public.proposals (duplicate_of);
create index proposals_photo_path_idx on public.proposals (photo_path) where photo_path is not null;
create index proposals_published_lng_lat_idx on public.proposals (lng, lat) where moderation_state = 'published';
create index proposals_lng_lat_idx on public.proposals (lng, lat);

-- Location → anchor point and district; initial moderation state; timestamps.
-- Security invoker on purpose: current_user tells an API caller (anon, authenticated) from the
-- database's own code (security definer functions run as their owner).
create function private.prepare_proposal()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  _api_caller boolean := current_user in ('anon', 'authenticated');
  _district bigint;
begin
  if tg_op = 'INSERT' or new.location is distinct from old.location then
    if jsonb_typeof(new.location) is distinct from 'object' or new.location ->> 'type' is distinct from 'Point' then
      raise exception using errcode = 'P0001', message = 'proposal_geometry_unsupported',
        detail = 'The location must be a GeoJSON Point.';
    end if;
    if jsonb_typeof(new.location -> 'coordinates') is distinct from 'array'
       or jsonb_typeof(new.location -> 'coordinates' -> 0) is distinct from 'number'
       or jsonb_typeof(new.location -> 'coordinates' -> 1) is distinct from 'number' then
      raise exception using errcode = 'P0001', message = 'proposal_geometry_unsupported',
        detail = 'The point needs [longitude, latitude] numbers.';
    end if;
    new.lng := (new.location -> 'coordinates' ->> 0)::double precision;
    new.lat := (new.location -> 'coordinates' ->> 1)::double precision;
    new.location := jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(new.lng, new.lat));
    _district := private.district_for_point(new.lng, new.lat);
    if _district is null then
      raise exception using errcode = 'P0001', message = 'proposal_outside_city',
        detail = format('The point (%s, %s) is outside every district of the city.', new.lng, new.lat);
    end if;
    new.district_id := _district;
  end if;

  if tg_op = 'INSERT' then
    if _api_caller then
      new.moderation_state := case
        when (select s.moderation_mode from public.city_settings s) = 'pre' then 'pending'
        else 'published'
      end::public.moderation_state;
      new.created_at := now();
    end if;
    new.updated_at := new.created_at;
  else
    if (new.title, new.description, new.category_id, new.location, new.photo_path)
       is distinct from (old.title, old.description, old.category_id, old.location, old.photo_path) then
      new.edited_at := now();
    end if;
    if (new.title, new.description, new.category_id, new.location, new.photo_path, new.district_id,
        new.moderation_state, new.moderation_reason, new.status, new.official_answer, new.duplicate_of)
       is distinct from
       (old.title, old.description, old.category_id, old.location, old.photo_path, old.district_id,
        old.moderation_state, old.moderation_reason, old.status, old.official_answer, old.duplicate_of) then
      new.updated_at := now();
    end if;
  end if;
  return new;
end
$$;
comment on function private.prepare_proposal() is
  'Trigger: validates the location, assigns the district (proposal_outside_city), sets the initial moderation state.';

create trigger proposals_prepare
before insert or update on public.proposals
for each row execute function private.prepare_proposal();

-- When district boundaries change, every proposal follows its point.
create function private.reassign_proposals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.proposals p
  set district_id = x.district_id
  from (select q.id, private.district_for_point(q.lng, q.lat) as district_id from public.proposals q) x
  where p.id = x.id and p.district_id is distinct from x.district_id;
  return null;
end
$$;
comment on function private.reassign_proposals() is 'Trigger: reassigns proposals after district boundaries change.';

create trigger districts_reassign_proposals
after insert or update of geometry or delete on public.districts
for each statement execute function private.reassign_proposals();

alter table public.proposals enable row level security;

grant select on public.proposals to anon, authenticated;
grant insert (author_id, title, description, category_id, location, photo_path),
      update (title, description, category_id, location, photo_path),
      delete
  on public.proposals to authenticated;

create policy "Anyone can read published proposals"
on public.proposals for select
to anon
using (moderation_state = 'published');

create policy "Users see published proposals, their own and moderated ones"
on public.proposals for select
to authenticated
using (
  moderation_state = 'published'
  or author_id = (select auth.uid())
  or district_id = any ((select private.moderated_district_ids())::bigint[])
  or (select private.is_admin())
);

create policy "Residents create proposals in their own name"
on public.proposals for insert
to authenticated
with check (author_id = (select auth.uid()));

create policy "Authors can edit their proposals"
on public.proposals for update
to authenticated
using (author_id = (select auth.uid()))
with check (author_id = (select auth.uid()));

create policy "Authors and admins can delete proposals"
on public.proposals for delete
to authenticated
using (author_id = (select auth.uid()) or (select private.is_admin()));
