-- The planners' dashboard: the data its Web Worker aggregates (no identities), the distinct
-- participants of any grouping of proposals (counts only), and the import of official districts.
-- Each is a security definer function in private (it reads votes and roles nobody else may read)
-- behind a security invoker wrapper in public, like district_summary; planners and admins only.

-- Published proposals and the votes on them, as {columns, rows} arrays (no 1000-row cap). A vote
-- carries its proposal, value, time and whether the account was younger than 24 hours when it
-- voted: never who voted. Proposals carry no author.
create function private.dashboard_data()
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_planner();
  return json_build_object(
    'proposals', json_build_object(
      'columns', json_build_array('id', 'lng', 'lat', 'title', 'category', 'status', 'created_at', 'agree', 'disagree', 'comments'),
      'rows', coalesce((
        select json_agg(json_build_array(p.id, p.lng, p.lat, p.title, c.slug, p.status, p.created_at,
                                         p.agree_count, p.disagree_count, p.comment_count) order by p.id)
        from public.proposals p
        join public.categories c on c.id = p.category_id
        where p.moderation_state = 'published'
      ), '[]'::json)
    ),
    'votes', json_build_object(
      'columns', json_build_array('proposal_id', 'value', 'cast_at', 'young_account'),
      'rows', coalesce((
        select json_agg(json_build_array(v.proposal_id, v.value, v.created_at,
                                         v.created_at - pr.created_at < interval '24 hours')
                        order by v.proposal_id, v.created_at)
        from public.votes v
        join public.proposals p on p.id = v.proposal_id and p.moderation_state = 'published'
        join public.profiles pr on pr.id = v.voter_id
      ), '[]'::json)
    )
  );
end
$$;
comment on function private.dashboard_data() is
  'Planners and admins: published proposals and anonymous votes (value, time, young-account flag) for the dashboard.';
grant execute on function private.dashboard_data() to authenticated, service_role;

create function public.dashboard_data()
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select private.dashboard_data()
$$;
comment on function public.dashboard_data() is
  'Planners and admins: published proposals and anonymous votes for the dashboard''s aggregation (not_planner otherwise).';
grant execute on function public.dashboard_data() to authenticated;

-- Distinct participants per group of proposals (a group is a district of any layer, as the
-- page's worker placed them): authors, voters and authors of published comments, as in
-- district_summary. Only counts come back.
create function private.dashboard_participants(p_proposal_ids bigint[], p_groups integer[])
returns table (group_index integer, participants bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_planner();
  if coalesce(cardinality(p_proposal_ids), 0) <> coalesce(cardinality(p_groups), 0) then
    raise exception using errcode = '22023', message = 'groups_mismatch',
      detail = 'Give one group per proposal: the two lists must have the same length.';
  end if;
  return query
  with chosen as (
    select g.id, g.grp
    from unnest(p_proposal_ids, p_groups) as g (id, grp)
    join public.proposals p on p.id = g.id and p.moderation_state = 'published'
    where g.grp is not null
  )
  select ch.grp, count(distinct x.person)
  from chosen ch
  cross join lateral (
    select p.author_id as person from public.proposals p where p.id = ch.id
    union all
    select v.voter_id from public.votes v where v.proposal_id = ch.id
    union all
    select c.author_id from public.comments c where c.proposal_id = ch.id and c.moderation_state = 'published'
  ) x
  group by ch.grp
  order by ch.grp;
end
$$;
comment on function private.dashboard_participants(bigint[], integer[]) is
  'Planners and admins: distinct participants per group of published proposals; counts only.';
grant execute on function private.dashboard_participants(bigint[], integer[]) to authenticated, service_role;

create function public.dashboard_participants(p_proposal_ids bigint[], p_groups integer[])
returns table (group_index integer, participants bigint)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.dashboard_participants(p_proposal_ids, p_groups)
$$;
comment on function public.dashboard_participants(bigint[], integer[]) is
  'Planners and admins: distinct participants per group of proposals (one group per proposal id).';
grant execute on function public.dashboard_participants(bigint[], integer[]) to authenticated;

-- Replaces the official districts in one transaction. Districts are matched by slug: a known
-- slug keeps its id (and its agents), a new one is added after the others in file order, a
-- missing one is removed, and with it the agent roles and public moderation figures of that
-- district (foreign keys cascade); its proposals follow their points like all others
-- (private.reassign_proposals runs after each statement). Geometry is checked again by the
-- districts trigger (district_geometry_invalid); bad input is refused with 22023 / P0001.
create function private.import_districts(p_features jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  _features jsonb;
  _feature jsonb;
  _i integer := 0;
  _name text;
  _slug text;
  _population jsonb;
  _ids bigint[];
  _before bigint[];
  _removed bigint[];
  _roles integer;
  _inserted integer;
  _updated integer;
  _reassigned integer;
begin
  perform private.require_planner();
  if p_features is null or octet_length(p_features::text) > 5 * 1024 * 1024 then
    raise exception using errcode = '22023', message = 'districts_import_invalid',
      detail = 'Send a GeoJSON FeatureCollection of districts of at most 5 MB.';
  end if;
  _features := case
    when jsonb_typeof(p_features) = 'array' then p_features
    when jsonb_typeof(p_features) = 'object' and p_features ->> 'type' = 'FeatureCollection'
         and jsonb_typeof(p_features -> 'features') = 'array' then p_features -> 'features'
  end;
  if _features is null then
    raise exception using errcode = '22023', message = 'districts_import_invalid',
      detail = 'Send a GeoJSON FeatureCollection of districts.';
  end if;
  if jsonb_array_length(_features) = 0 or jsonb_array_length(_features) > 1000 then
    raise exception using errcode = '22023', message = 'districts_import_invalid',
      detail = 'Send between 1 and 1000 districts.';
  end if;

  create temporary table if not exists pg_temp.imported (
    position integer primary key, slug text not null unique, name text not null, population integer, geometry jsonb not null
  ) on commit drop;
  delete from pg_temp.imported;
  for _feature in select value from jsonb_array_elements(_features) loop
    _i := _i + 1;
    if jsonb_typeof(_feature) is distinct from 'object' or jsonb_typeof(_feature -> 'geometry') is distinct from 'object' then
      raise exception using errcode = '22023', message = 'districts_import_invalid',
        detail = format('Feature %s is not a GeoJSON feature with a geometry.', _i);
    end if;
    _name := btrim(_feature -> 'properties' ->> 'name');
    if jsonb_typeof(_feature -> 'properties' -> 'name') is distinct from 'string' or char_length(_name) not between 1 and 120 then
      raise exception using errcode = '22023', message = 'districts_import_invalid',
        detail = format('Feature %s needs a name (1 to 120 characters) in properties.name.', _i);
    end if;
    _slug := coalesce(
      nullif(_feature -> 'properties' ->> 'slug', ''),
      btrim(regexp_replace(lower(_name), '[^a-z0-9]+', '-', 'g'), '-')
    );
    if _slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$' or char_length(_slug) > 80 then
      raise exception using errcode = '22023', message = 'districts_import_invalid',
        detail = format('Feature %s: the slug "%s" must be lowercase letters, digits and dashes.', _i, left(_slug, 80));
    end if;
    _population := _feature -> 'properties' -> 'population';
    if _population is not null and jsonb_typeof(_population) <> 'null'
       and (jsonb_typeof(_population) <> 'number' or (_population #>> '{}')::numeric < 0
            or (_population #>> '{}')::numeric > 2147483647 or (_population #>> '{}')::numeric % 1 <> 0) then
      raise exception using errcode = '22023', message = 'districts_import_invalid',
        detail = format('Feature %s: the population must be a whole number of at least 0.', _i);
    end if;
    if exists (select 1 from pg_temp.imported where slug = _slug) then
      raise exception using errcode = '22023', message = 'districts_import_invalid',
        detail = format('Feature %s: two districts have the slug "%s".', _i, _slug);
    end if;
    insert into pg_temp.imported values (_i, _slug, _name,
      case when jsonb_typeof(_population) = 'number' then (_population #>> '{}')::integer end,
      _feature -> 'geometry');
  end loop;

  select coalesce(array_agg(p.id order by p.id), '{}'), coalesce(array_agg(p.district_id order by p.id), '{}')
  into _ids, _before from public.proposals p;
  select coalesce(array_agg(d.id), '{}') into _removed
  from public.districts d where d.slug not in (select slug from pg_temp.imported);
  select count(*) into _roles from public.user_roles r where r.role = 'agent' and r.district_id = any (_removed);

  delete from public.districts d where d.id = any (_removed);
  update public.districts d
  set name = i.name, population = i.population, geometry = i.geometry
  from pg_temp.imported i where d.slug = i.slug;
  get diagnostics _updated = row_count;
  insert into public.districts (slug, name, population, geometry)
  select i.slug, i.name, i.population, i.geometry from pg_temp.imported i
  where not exists (select 1 from public.districts d where d.slug = i.slug)
  order by i.position;
  get diagnostics _inserted = row_count;

  select count(*) into _reassigned
  from unnest(_ids, _before) as b (id, district_id)
  join public.proposals p on p.id = b.id
  where p.district_id is distinct from b.district_id;

  return json_build_object(
    'inserted', _inserted,
    'updated', _updated,
    'removed', cardinality(_removed),
    'reassigned', _reassigned,
    'outside', (select count(*) from public.proposals p where p.district_id is null),
    'agent_roles_removed', _roles
  );
end
$$;
comment on function private.import_districts(jsonb) is
  'Planners and admins: replaces the official districts (matched by slug) and reassigns proposals, in one transaction.';
grant execute on function private.import_districts(jsonb) to authenticated, service_role;

create function public.import_districts(p_features jsonb)
returns json
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.import_districts(p_features)
$$;
comment on function public.import_districts(jsonb) is
  'Planners and admins: replaces the official districts with a GeoJSON FeatureCollection and reassigns proposals.';
grant execute on function public.import_districts(jsonb) to authenticated;
