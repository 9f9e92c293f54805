-- Votes: agree (+1) or disagree (-1), one per person and proposal; counters on proposals stay exact.

create table public.votes (
  proposal_id bigint not null references public.proposals (id) on delete cascade,
  voter_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  value smallint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint votes_one_per_person primary key (proposal_id, voter_id),
  constraint votes_value_agree_or_disagree check (value in (-1, 1))
);
comment on table public.votes is
  'One vote per person and proposal: +1 agree, -1 disagree. Only the voter reads it; counters live on proposals.';

create index votes_voter_id_idx on public.votes (voter_id);

create trigger votes_touch_updated_at
before update on public.votes
for each row execute function private.touch_updated_at();

-- Why votes on a proposal may not be cast, changed or withdrawn now, or null while voting is open:
-- 'unpublished' (pending, hidden or rejected), 'duplicate', 'finished' (realised or declined),
-- 'city' (the city closed voting). A proposal that does not exist counts as 'unpublished'.
create function private.voting_closed_reason(p_proposal_id bigint)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when p.id is null or p.moderation_state <> 'published' then 'unpublished'
    when p.duplicate_of is not null then 'duplicate'
    when p.status in ('realised', 'declined') then 'finished'
    when not coalesce((select s.voting_open from public.city_settings s), true) then 'city'
  end
  from (select p_proposal_id as id) wanted
  left join public.proposals p on p.id = wanted.id
$$;
comment on function private.voting_closed_reason(bigint) is
  'Why voting on this proposal is closed now (unpublished, duplicate, finished, city), or null while it is open.';

create function private.can_vote(p_proposal_id bigint)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.voting_closed_reason(p_proposal_id) is null
$$;
comment on function private.can_vote(bigint) is 'Whether votes on this proposal may be cast, changed or withdrawn now.';
grant execute on function private.voting_closed_reason(bigint), private.can_vote(bigint) to authenticated, service_role;

-- Increments, not recounts: concurrent votes serialise on the proposal row and each applies its
-- own delta to the latest version of it, so the counters equal the rows.
create function private.count_votes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update public.proposals
    set agree_count = agree_count - (old.value = 1)::int,
        disagree_count = disagree_count - (old.value = -1)::int
    where id = old.proposal_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    update public.proposals
    set agree_count = agree_count + (new.value = 1)::int,
        disagree_count = disagree_count + (new.value = -1)::int
    where id = new.proposal_id;
  end if;
  return null;
end
$$;
comment on function private.count_votes() is 'Trigger: keeps proposals.agree_count and disagree_count exact.';

create trigger votes_count
after insert or update of value, proposal_id or delete on public.votes
for each row execute function private.count_votes();

alter table public.votes enable row level security;

grant select, delete on public.votes to authenticated;
grant insert (proposal_id, voter_id, value), update (value) on public.votes to authenticated;

create policy "Voters see their own votes"
on public.votes for select
to authenticated
using (voter_id = (select auth.uid()));

create policy "Residents vote in their own name while voting is open"
on public.votes for insert
to authenticated
with check (voter_id = (select auth.uid()) and private.can_vote(proposal_id));

create policy "Voters change their vote while voting is open"
on public.votes for update
to authenticated
using (voter_id = (select auth.uid()) and private.can_vote(proposal_id))
with check (voter_id = (select auth.uid()));

create policy "Voters withdraw their vote while voting is open"
on public.votes for delete
to authenticated
using (voter_id = (select auth.uid()) and private.can_vote(proposal_id));

-- One call to vote, change or withdraw (p_value null or left out). Runs as the caller: the policies
-- apply. It checks first, so that a refusal is a named error and never a change of zero rows:
--   proposal_not_found (P0001)  the caller cannot read such a proposal;
--   voting_closed (P0001)       voting on it is closed (hint: the reason of private.voting_closed_reason).
-- Answers {proposal_id, agree, disagree, vote}: the counters and the caller's vote as stored (null: none).
create function public.cast_vote(p_proposal_id bigint, p_value integer default null)
returns json
language plpgsql
security invoker
set search_path = ''
as $$
declare
  _closed text;
begin
  if not exists (select 1 from public.proposals p where p.id = p_proposal_id) then
    raise exception using errcode = 'P0001', message = 'proposal_not_found',
      detail = 'There is no such proposal, or you may not see it.';
  end if;
  _closed := private.voting_closed_reason(p_proposal_id);
  if _closed is not null then
    raise exception using errcode = 'P0001', message = 'voting_closed', hint = _closed,
      detail = 'Voting is closed for this proposal: votes can be neither cast, changed nor withdrawn.';
  end if;
  if p_value is null then
    delete from public.votes where proposal_id = p_proposal_id and voter_id = (select auth.uid());
  else
    insert into public.votes (proposal_id, voter_id, value)
    values (p_proposal_id, (select auth.uid()), p_value::smallint)
    on conflict (proposal_id, voter_id) do update set value = excluded.value;
  end if;
  return (
    select json_build_object(
      'proposal_id', p.id,
      'agree', p.agree_count,
      'disagree', p.disagree_count,
      'vote', (select v.value from public.votes v where v.proposal_id = p.id and v.voter_id = (select auth.uid()))
    )
    from public.proposals p where p.id = p_proposal_id
  );
end
$$;
comment on function public.cast_vote(bigint, integer) is
  'Vote +1 or -1 on a proposal, or withdraw with null; returns the counters and the stored vote. '
  'Raises proposal_not_found or voting_closed before changing anything.';
grant execute on function public.cast_vote(bigint, integer) to authenticated;
