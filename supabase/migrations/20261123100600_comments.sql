-- Comments on published proposals.

create table public.comments (
  id bigint generated always as identity primary key,
  proposal_id bigint not null references public.proposals (id) on delete cascade,
  author_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  body text not null,
  moderation_state public.moderation_state not null default 'published',
  moderation_reason text,
  moderated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  edited_at timestamptz,
  constraint comments_body_length check (char_length(btrim(body)) between 1 and 2000),
  constraint comments_moderation_state_valid check (moderation_state in ('published', 'hidden')),
  constraint comments_moderation_reason_format check (moderation_reason ~ '^[a-z_]{2,40}$')
);
comment on table public.comments is 'Comments on proposals; agents can hide them, reports can hide them automatically.';

create index comments_proposal_id_idx on public.comments (proposal_id);
create index comments_author_id_idx on public.comments (author_id);

create function private.prepare_comment()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    if new.body is distinct from old.body then
      new.edited_at := now();
    end if;
    new.updated_at := now();
  end if;
  return new;
end
$$;
comment on function private.prepare_comment() is 'Trigger: comment timestamps.';

create trigger comments_prepare
before update on public.comments
for each row execute function private.prepare_comment();

create function private.count_comments()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  _delta integer := 0;
begin
  if tg_op = 'INSERT' then
    _delta := (new.moderation_state = 'published')::int;
  elsif tg_op = 'DELETE' then
    _delta := -(old.moderation_state = 'published')::int;
  else
    _delta := (new.moderation_state = 'published')::int - (old.moderation_state = 'published')::int;
  end if;
  if _delta <> 0 then
    update public.proposals set comment_count = comment_count + _delta
    where id = coalesce(new.proposal_id, old.proposal_id);
  end if;
  return null;
end
$$;
comment on function private.count_comments() is 'Trigger: keeps proposals.comment_count (published comments) exact.';

create trigger comments_count
after insert or update of moderation_state or delete on public.comments
for each row execute function private.count_comments();

-- Whether the caller moderates the district of a proposal.
create function private.can_moderate_proposal(p_proposal_id bigint)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.has_role('admin')
      or exists (
        select 1 from public.proposals p
        where p.id = p_proposal_id and p.district_id = any (private.moderated_district_ids())
      )
$$;
comment on function private.can_moderate_proposal(bigint) is 'Whether the caller moderates the district of this proposal.';
grant execute on function private.can_moderate_proposal(bigint) to authenticated, service_role;

alter table public.comments enable row level security;

grant select on public.comments to anon, authenticated;
grant insert (proposal_id, author_id, body), update (body), delete on public.comments to authenticated;

create policy "Anyone can read published comments on published proposals"
on public.comments for select
to anon
using (
  moderation_state = 'published'
  and exists (select 1 from public.proposals p where p.id = proposal_id and p.moderation_state = 'published')
);

create policy "Users see public comments, their own and moderated ones"
on public.comments for select
to authenticated
using (
  (
    moderation_state = 'published'
    and exists (select 1 from public.proposals p where p.id = proposal_id and p.moderation_state = 'published')
  )
  or author_id = (select auth.uid())
  or private.can_moderate_proposal(proposal_id)
);

create policy "Residents comment in their own name on published proposals"
on public.comments for insert
to authenticated
with check (
  author_id = (select auth.uid())
  and exists (select 1 from public.proposals p where p.id = proposal_id and p.moderation_state = 'published')
);

create policy "Authors can edit their comments"
on public.comments for update
to authenticated
using (author_id = (select auth.uid()))
with check (author_id = (select auth.uid()));

create policy "Authors and admins can delete comments"
on public.comments for delete
to authenticated
using (author_id = (select auth.uid()) or (select private.is_admin()));
