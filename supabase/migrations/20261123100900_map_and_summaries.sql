-- What the app reads in bulk: the proposals in a bounding box for the map, and the official
-- per-district summary for planners.

-- One JSON value (so PostgREST's 1000-row cap does not apply), columns named once:
-- {"columns": [...], "rows": [[...], ...], "truncated": false}. Runs as the caller: the
-- proposals policies decide what is in it.
create function public.proposals_in_bbox(
  p_min_lng double precision,
  p_min_lat double precision,
  p_max_lng double precision,
  p_max_lat double precision,
  p_category_ids bigint[] default null,
  p_include_unpublished boolean default false,
  p_limit integer default 50000
)
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  with hits as (
    select p.id, p.lng, p.lat, p.category_id, p.status, p.moderation_state,
           p.agree_count, p.disagree_count, p.comment_count
    from public.proposals p
    where p.lng between p_min_lng and p_max_lng
      and p.lat between p_min_lat and p_max_lat
      and (p_include_unpublished or p.moderation_state = 'published')
      and (p_category_ids is null or p.category_id = any (p_category_ids))
    order by p.id
    limit least(greatest(coalesce(p_limit, 50000), 0), 100000) + 1
  )
  select json_build_object(
    'columns', json_build_array('id', 'lng', 'lat', 'category_id', 'status', 'moderation_state', 'agree', 'disagree', 'comments'),
    'rows', coalesce((
      select json_agg(json_build_array(h.id, h.lng, h.lat, h.category_id, h.status, h.moderation_state,
                                       h.agree_count, h.disagree_count, h.comment_count) order by h.id)
      from (select * from hits order by id limit least(greatest(coalesce(p_limit, 50000), 0), 100000)) h
    ), '[]'::json),
    'truncated', (select count(*) from hits) > least(greatest(coalesce(p_limit, 50000), 0), 100000)
  )
$$;
comment on function public.proposals_in_bbox(double precision, double precision, double precision, double precision, bigint[], boolean, integer) is
  'Map data: the proposals in a bounding box the caller may read, as {columns, rows, truncated}; at most p_limit (≤ 100000) rows.';
grant execute on function
  public.proposals_in_bbox(double precision, double precision, double precision, double precision, bigint[], boolean, integer)
to anon, authenticated;

-- The figures per district. Security definer so that it can count unique participants from
-- votes that nobody else may read; it returns counts only, and only to planners and admins.
-- Participants: distinct people who wrote a selected published proposal, voted on one or
-- wrote a published comment on one. The date range selects proposals by creation date.
create function private.district_summary(
  p_category_ids bigint[],
  p_statuses public.proposal_status[],
  p_from timestamptz,
  p_to timestamptz
)
returns table (
  district_id bigint,
  slug text,
  name text,
  population integer,
  proposals bigint,
  agree bigint,
  disagree bigint,
  net_score bigint,
  participants bigint,
  participants_per_1000 numeric,
  by_category jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_planner();
  return query
  with selected as (
    select p.id, p.district_id, p.category_id, p.author_id, p.agree_count, p.disagree_count
    from public.proposals p
    where p.moderation_state = 'published'
      and p.district_id is not null
      and (p_category_ids is null or p.category_id = any (p_category_ids))
      and (p_statuses is null or p.status = any (p_statuses))
      and (p_from is null or p.created_at >= p_from)
      and (p_to is null or p.created_at < p_to)
  ),
  people as (
    select s.district_id, count(distinct x.person) as n
    from selected s
    cross join lateral (
      select s.author_id as person
      union all
      select v.voter_id from public.votes v where v.proposal_id = s.id
      union all
      select c.author_id from public.comments c where c.proposal_id = s.id and c.moderation_state = 'published'
    ) x
    group by s.district_id
  ),
  per_category as (
    select s.district_id, c.slug,
           count(*) as proposals, sum(s.agree_count) as agree, sum(s.disagree_count) as disagree
    from selected s
    join public.categories c on c.id = s.category_id
    group by s.district_id, c.slug
  ),
  totals as (
    select pc.district_id,
           sum(pc.proposals)::bigint as proposals,
           sum(pc.agree)::bigint as agree,
           sum(pc.disagree)::bigint as disagree,
           jsonb_object_agg(pc.slug, jsonb_build_object('proposals', pc.proposals, 'agree', pc.agree, 'disagree', pc.disagree)) as by_category
    from per_category pc
    group by pc.district_id
  )
  select d.id, d.slug, d.name, d.population,
         coalesce(t.proposals, 0), coalesce(t.agree, 0), coalesce(t.disagree, 0),
         coalesce(t.agree, 0) - coalesce(t.disagree, 0),
         coalesce(pe.n, 0),
         case when d.population > 0 then round(coalesce(pe.n, 0) * 1000.0 / d.population, 2) end,
         coalesce(t.by_category, '{}'::jsonb)
  from public.districts d
  left join totals t on t.district_id = d.id
  left join people pe on pe.district_id = d.id
  order by d.id;
end
$$;
comment on function private.district_summary(bigint[], public.proposal_status[], timestamptz, timestamptz) is
  'Per-district figures without identities; planners and admins only (not_planner).';
grant execute on function private.district_summary(bigint[], public.proposal_status[], timestamptz, timestamptz)
  to authenticated, service_role;

create function public.district_summary(
  p_category_ids bigint[] default null,
  p_statuses public.proposal_status[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null
)
returns table (
  district_id bigint,
  slug text,
  name text,
  population integer,
  proposals bigint,
  agree bigint,
  disagree bigint,
  net_score bigint,
  participants bigint,
  participants_per_1000 numeric,
  by_category jsonb
)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.district_summary(p_category_ids, p_statuses, p_from, p_to)
$$;
comment on function public.district_summary(bigint[], public.proposal_status[], timestamptz, timestamptz) is
  'Planners and admins: per-district figures, filtered by categories, statuses and a creation date range.';
grant execute on function public.district_summary(bigint[], public.proposal_status[], timestamptz, timestamptz)
  to authenticated;

create view public.district_summaries
with (security_invoker = true)
as
select * from public.district_summary();
comment on view public.district_summaries is
  'The official per-district summary (all categories, statuses and dates); planners and admins only.';

revoke all on public.district_summaries from anon, authenticated, service_role;
grant select on public.district_summaries to authenticated, service_role;
