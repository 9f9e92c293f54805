-- The agents' queue: what needs attention in the districts the caller moderates. Runs as the
-- caller (security invoker), so row-level security decides what can be read; the district filter
-- then keeps out what the caller reads for another reason (their own proposals, their own reports).

create function public.moderation_queue()
returns table (
  target_type public.moderation_target,
  proposal_id bigint,
  comment_id bigint,
  title text,
  description text,
  comment_body text,
  category_id bigint,
  district_id bigint,
  lng double precision,
  lat double precision,
  moderation_state public.moderation_state,
  status public.proposal_status,
  author_name text,
  created_at timestamptz,
  reporters integer,
  reasons jsonb,
  details text[],
  since timestamptz
)
language sql
stable
set search_path = ''
as $$
  with mine as (
    select unnest(private.moderated_district_ids()) as id
  ),
  by_reason as (
    select r.proposal_id, r.comment_id, r.reason, count(*)::integer as n, min(r.created_at) as first_at
    from public.reports r
    where r.resolution = 'open'
    group by r.proposal_id, r.comment_id, r.reason
  ),
  targets as (
    select b.proposal_id, b.comment_id, sum(b.n)::integer as reporters,
           jsonb_object_agg(b.reason, b.n) as reasons, min(b.first_at) as since
    from by_reason b
    group by b.proposal_id, b.comment_id
  ),
  items as (
    select 'proposal'::public.moderation_target as target_type, p.id as proposal_id, null::bigint as comment_id,
           p.title, p.description, null::text as comment_body, p.category_id, p.district_id, p.lng, p.lat,
           p.moderation_state, p.status, p.author_id, p.created_at,
           coalesce(t.reporters, 0) as reporters, coalesce(t.reasons, '{}'::jsonb) as reasons,
           coalesce(t.since, p.created_at) as since
    from public.proposals p
    left join targets t on t.proposal_id = p.id and t.comment_id is null
    where p.district_id in (select m.id from mine m)
      and (p.moderation_state = 'pending' or t.proposal_id is not null)
    union all
    select 'comment'::public.moderation_target, p.id, c.id, p.title, p.description, c.body, p.category_id,
           p.district_id, p.lng, p.lat, c.moderation_state, p.status, c.author_id, c.created_at,
           t.reporters, t.reasons, t.since
    from targets t
    join public.comments c on c.id = t.comment_id
    join public.proposals p on p.id = c.proposal_id
    where p.district_id in (select m.id from mine m)
  )
  select i.target_type, i.proposal_id, i.comment_id, i.title, i.description, i.comment_body, i.category_id,
         i.district_id, i.lng, i.lat, i.moderation_state, i.status, coalesce(a.display_name, ''), i.created_at,
         i.reporters, i.reasons,
         coalesce(array(
           select r.details from public.reports r
           where r.resolution = 'open' and r.proposal_id = i.proposal_id
             and r.comment_id is not distinct from i.comment_id and btrim(r.details) <> ''
           order by r.created_at desc
           limit 5
         ), '{}'::text[]),
         i.since
  from items i
  left join public.profiles a on a.id = i.author_id
  order by i.since, i.proposal_id, i.comment_id nulls first
  limit 500
$$;
comment on function public.moderation_queue() is
  'Agents and admins: reported proposals and comments (open reports: count, reasons, details without reporters) '
  'and proposals awaiting publication, in the districts the caller moderates; oldest first, at most 500.';

grant execute on function public.moderation_queue() to authenticated;
