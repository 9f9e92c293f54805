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

-- Voting is open on published proposals that are not duplicates and not closed by their status,
-- while the city keeps voting open.
create function private.can_vote(p_proposal_id bigint)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.proposals p
    where p.id = p_proposal_id
      and p.moderation_state = 'published'
      and p.duplicate_of is null
      and p.status not in ('realised', 'declined')
  )
  and coalesce((select s.voting_open from public.city_settings s), true)
$$;
comment on function private.can_vote(bigint) is 'Whether votes on this proposal may be cast, changed or withdrawn now.';
grant execute on function private.can_vote(bigint) to authenticated, service_role;

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

-- One call to vote, change or withdraw (p_value null or left out). Runs as the caller: the policies apply.
create function public.cast_vote(p_proposal_id bigint, p_value integer default null)
returns json
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if p_value is null then
    delete from public.votes where proposal_id = p_proposal_id and voter_id = (select auth.uid());
  else
    insert into public.votes (proposal_id, voter_id, value)
    values (p_proposal_id, (select auth.uid()), p_value::smallint)
    on conflict (proposal_id, voter_id) do update set value = excluded.value;
  end if;
  return (
    select json_build_object('proposal_id', p.id, 'agree', p.agree_count, 'disagree', p.disagree_count, 'vote', p_value)
    from public.proposals p where p.id = p_proposal_id
  );
end
$$;
comment on function public.cast_vote(bigint, integer) is
  'Vote +1 or -1 on a proposal, or withdraw with null; returns the new counters.';
grant execute on function public.cast_vote(bigint, integer) to authenticated;
