-- Moderation: the append-only audit log, its public monthly figures, reports with automatic
-- hiding, and the actions agents take (each one logged in the same transaction).

create table public.moderation_actions (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  actor_id uuid,
  target_type public.moderation_target not null,
  proposal_id bigint,
  comment_id bigint,
  subject_user_id uuid,
  district_id bigint,
  action public.moderation_action_kind not null,
  reason_code text,
  note text,
  before jsonb not null default '{}'::jsonb,
  after jsonb not null default '{}'::jsonb,
  constraint moderation_actions_note_length check (char_length(note) <= 2000)
);
comment on table public.moderation_actions is
  'Append-only audit log of moderation and role changes (actor null = automatic). No foreign keys, so that it '
  'outlives what it describes; nobody can change or delete it through the API.';

create index moderation_actions_district_id_idx on public.moderation_actions (district_id, created_at);
create index moderation_actions_actor_id_idx on public.moderation_actions (actor_id);
create index moderation_actions_proposal_id_idx on public.moderation_actions (proposal_id);
create index moderation_actions_comment_id_idx on public.moderation_actions (comment_id);

create function private.refuse_audit_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = 'moderation_log_append_only',
    detail = 'The moderation log cannot be changed or deleted.';
end
$$;
comment on function private.refuse_audit_change() is 'Trigger: the moderation log is append-only.';

create trigger moderation_actions_append_only
before update or delete on public.moderation_actions
for each row execute function private.refuse_audit_change();

create trigger moderation_actions_no_truncate
before truncate on public.moderation_actions
for each statement execute function private.refuse_audit_change();

alter table public.moderation_actions enable row level security;

-- Written only by the database's own functions: no API role may insert, update or delete,
-- not even service_role (which Supabase grants everything by default).
revoke all on public.moderation_actions from anon, authenticated, service_role;
grant select on public.moderation_actions to authenticated, service_role;

create policy "Agents and admins read the log; actors read their entries"
on public.moderation_actions for select
to authenticated
using (
  actor_id = (select auth.uid())
  or (select private.is_admin())
  or district_id = any ((select private.moderated_district_ids())::bigint[])
);

-- Public figures: per district, month, target, action and reason, how many. No identities.
create table public.moderation_stats (
  district_id bigint not null references public.districts (id) on delete cascade,
  month date not null,
  target_type public.moderation_target not null,
  action public.moderation_action_kind not null,
  reason_code text not null,
  count integer not null default 0,
  constraint moderation_stats_pkey primary key (district_id, month, target_type, action, reason_code)
);
comment on table public.moderation_stats is
  'Public monthly counts of moderation actions per district and reason, kept from the log; no identities.';

create function private.count_moderation_action()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.district_id is not null and new.target_type in ('proposal', 'comment')
     and exists (select 1 from public.districts d where d.id = new.district_id) then
    insert into public.moderation_stats as s (district_id, month, target_type, action, reason_code, count)
    values (new.district_id, date_trunc('month', new.created_at at time zone 'UTC')::date, new.target_type,
            new.action, coalesce(new.reason_code, 'unspecified'), 1)
    on conflict (district_id, month, target_type, action, reason_code) do update set count = s.count + 1;
  end if;
  return null;
end
$$;
comment on function private.count_moderation_action() is 'Trigger: adds each proposal or comment action to moderation_stats.';

create trigger moderation_actions_count
after insert on public.moderation_actions
for each row execute function private.count_moderation_action();

alter table public.moderation_stats enable row level security;

revoke all on public.moderation_stats from anon, authenticated, service_role;
grant select on public.moderation_stats to anon, authenticated, service_role;

create policy "Anyone can read moderation figures"
on public.moderation_stats for select
to anon
using (true);

create policy "Signed-in users can read moderation figures"
on public.moderation_stats for select
to authenticated
using (true);

-- Role changes are logged too.
create function private.log_role_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  _row public.user_roles := case when tg_op = 'INSERT' then new else old end;
begin
  insert into public.moderation_actions (actor_id, target_type, subject_user_id, district_id, action, reason_code, before, after)
  values (
    (select auth.uid()), 'user', _row.user_id, _row.district_id,
    case when tg_op = 'INSERT' then 'assign_role' else 'remove_role' end::public.moderation_action_kind,
    _row.role::text,
    case when tg_op = 'DELETE' then jsonb_build_object('role', _row.role, 'district_id', _row.district_id) else '{}'::jsonb end,
    case when tg_op = 'INSERT' then jsonb_build_object('role', _row.role, 'district_id', _row.district_id) else '{}'::jsonb end
  );
  return null;
end
$$;
comment on function private.log_role_change() is 'Trigger: logs role assignments and removals.';

create trigger user_roles_log
after insert or delete on public.user_roles
for each row execute function private.log_role_change();

-- Reports: one per person and target.
create table public.reports (
  id bigint generated always as identity primary key,
  reporter_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  proposal_id bigint not null references public.proposals (id) on delete cascade,
  comment_id bigint references public.comments (id) on delete cascade,
  reason public.report_reason not null,
  details text not null default '',
  resolution public.report_resolution not null default 'open',
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  constraint reports_details_length check (char_length(details) <= 1000)
);
comment on table public.reports is
  'Flags on a proposal (comment_id null) or on a comment (proposal_id = the comment''s proposal), with a reason. '
  'Visible to the reporter and to the agents of the district.';

create unique index reports_one_per_person_and_proposal on public.reports (reporter_id, proposal_id) where comment_id is null;
create unique index reports_one_per_person_and_comment on public.reports (reporter_id, comment_id) where comment_id is not null;
create index reports_proposal_id_idx on public.reports (proposal_id, resolution);
create index reports_comment_id_idx on public.reports (comment_id, resolution);

create function private.prepare_report()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.comment_id is not null then
    new.proposal_id := (select c.proposal_id from public.comments c where c.id = new.comment_id);
    if new.proposal_id is null then
      raise exception using errcode = 'P0001', message = 'report_target_not_found', detail = 'There is no such comment.';
    end if;
  end if;
  -- Only about the caller's own reports: nobody learns whether someone else reported something.
  -- The unique indexes stay the guard against two reports racing each other.
  if new.reporter_id = (select auth.uid()) and exists (
    select 1 from public.reports r
    where r.reporter_id = new.reporter_id and r.proposal_id = new.proposal_id
      and r.comment_id is not distinct from new.comment_id
  ) then
    raise exception using errcode = 'P0001', message = 'already_reported', detail = 'You have already reported this.';
  end if;
  return new;
end
$$;
comment on function private.prepare_report() is
  'Trigger: a report on a comment points at the comment''s proposal too; a second report by the same person is already_reported.';

create trigger reports_prepare
before insert on public.reports
for each row execute function private.prepare_report();

create function private.can_report(p_proposal_id bigint, p_comment_id bigint)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.proposals p
    where p.id = p_proposal_id and p.moderation_state = 'published'
  )
  and (
    p_comment_id is null
    or exists (
      select 1 from public.comments c
      where c.id = p_comment_id and c.proposal_id = p_proposal_id and c.moderation_state = 'published'
    )
  )
$$;
comment on function private.can_report(bigint, bigint) is 'Whether a proposal or comment is public, hence reportable.';
grant execute on function private.can_report(bigint, bigint) to authenticated, service_role;

-- Automatic hiding once N distinct people have open reports on a target. The target row is
-- locked first (FOR NO KEY UPDATE, which does not conflict with the reports' foreign-key locks),
-- so racing reporters are counted one after the other and the target is hidden exactly once.
create function private.hide_after_reports()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  _threshold integer := coalesce((select s.report_threshold from public.city_settings s), 3);
  _state public.moderation_state;
  _district bigint;
  _reporters integer;
begin
  if new.comment_id is null then
    select p.moderation_state, p.district_id into _state, _district
    from public.proposals p where p.id = new.proposal_id for no key update;
    select count(distinct r.reporter_id) into _reporters
    from public.reports r
    where r.proposal_id = new.proposal_id and r.comment_id is null and r.resolution = 'open';
    if _state = 'published' and _reporters >= _threshold then
      update public.proposals
      set moderation_state = 'hidden', moderation_reason = 'reports', moderated_at = now()
      where id = new.proposal_id;
      insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code, note, before, after)
      values (null, 'proposal', new.proposal_id, _district, 'auto_hide', 'reports',
              format('%s people reported it', _reporters),
              jsonb_build_object('moderation_state', _state), jsonb_build_object('moderation_state', 'hidden'));
    end if;
  else
    select c.moderation_state into _state from public.comments c where c.id = new.comment_id for no key update;
    select p.district_id into _district from public.proposals p where p.id = new.proposal_id;
    select count(distinct r.reporter_id) into _reporters
    from public.reports r
    where r.comment_id = new.comment_id and r.resolution = 'open';
    if _state = 'published' and _reporters >= _threshold then
      update public.comments
      set moderation_state = 'hidden', moderation_reason = 'reports', moderated_at = now()
      where id = new.comment_id;
      insert into public.moderation_actions (actor_id, target_type, proposal_id, comment_id, district_id, action, reason_code, note, before, after)
      values (null, 'comment', new.proposal_id, new.comment_id, _district, 'auto_hide', 'reports',
              format('%s people reported it', _reporters),
              jsonb_build_object('moderation_state', _state), jsonb_build_object('moderation_state', 'hidden'));
    end if;
  end if;
  return null;
end
$$;
comment on function private.hide_after_reports() is
  'Trigger: hides a proposal or comment once city_settings.report_threshold people reported it, and logs it.';

create trigger reports_hide_after_threshold
after insert on public.reports
for each row execute function private.hide_after_reports();

alter table public.reports enable row level security;

grant select on public.reports to authenticated;
grant insert (reporter_id, proposal_id, comment_id, reason, details) on public.reports to authenticated;

create policy "Reporters and the district's agents see reports"
on public.reports for select
to authenticated
using (reporter_id = (select auth.uid()) or private.can_moderate_proposal(proposal_id));

create policy "Residents report public items in their own name"
on public.reports for insert
to authenticated
with check (reporter_id = (select auth.uid()) and private.can_report(proposal_id, comment_id));

-- ------------------------------------------------------------------ actions of agents
-- Each checks that the caller moderates the item's district, locks the item, changes it,
-- resolves its open reports where that applies and appends to the log, in one transaction.
-- Concurrent actions on one item serialise on the row lock: all are logged, the last one wins.

create function private.check_reason(p_reason text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_reason is null or p_reason !~ '^[a-z_]{2,40}$' then
    raise exception using errcode = 'P0001', message = 'reason_required',
      detail = 'Moderation actions need a reason code (lowercase letters and underscores).';
  end if;
  return p_reason;
end
$$;
comment on function private.check_reason(text) is 'Validates a moderation reason code (reason_required).';

-- The preamble of every agent's action on a proposal: lock the row (concurrent actions
-- serialise on it) and refuse with not_moderator unless the caller moderates its district.
create function private.lock_proposal_to_moderate(p_proposal_id bigint)
returns public.proposals
language plpgsql
security definer
set search_path = ''
as $$
declare
  _row public.proposals;
begin
  select * into _row from public.proposals where id = p_proposal_id for no key update;
  if not found or not private.can_moderate_district(_row.district_id) then
    raise exception using errcode = '42501', message = 'not_moderator',
      detail = 'You do not moderate the district of this proposal.';
  end if;
  return _row;
end
$$;
comment on function private.lock_proposal_to_moderate(bigint) is
  'Locks a proposal for an agent''s action; raises not_moderator unless the caller moderates its district.';

create function public.moderate_proposal(
  p_proposal_id bigint,
  p_action public.moderation_action_kind,
  p_reason text,
  p_note text default null
)
returns public.proposals
language plpgsql
security definer
set search_path = ''
as $$
declare
  _old public.proposals;
  _new public.proposals;
  _state public.moderation_state;
begin
  _state := case p_action
    when 'publish' then 'published'
    when 'restore' then 'published'
    when 'hide' then 'hidden'
    when 'reject' then 'rejected'
  end;
  if _state is null then
    raise exception using errcode = 'P0001', message = 'invalid_action',
      detail = 'moderate_proposal takes publish, restore, hide or reject.';
  end if;
  perform private.check_reason(p_reason);
  _old := private.lock_proposal_to_moderate(p_proposal_id);
  update public.proposals
  set moderation_state = _state, moderation_reason = p_reason, moderated_at = now()
  where id = p_proposal_id
  returning * into _new;
  update public.reports
  set resolution = case when _state = 'published' then 'dismissed' else 'upheld' end::public.report_resolution,
      resolved_at = now()
  where proposal_id = p_proposal_id and comment_id is null and resolution = 'open';
  insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code, note, before, after)
  values ((select auth.uid()), 'proposal', p_proposal_id, _old.district_id, p_action, p_reason, p_note,
          jsonb_build_object('moderation_state', _old.moderation_state),
          jsonb_build_object('moderation_state', _state));
  return _new;
end
$$;
comment on function public.moderate_proposal(bigint, public.moderation_action_kind, text, text) is
  'Agents of the district and admins: publish, restore, hide or reject a proposal, with a reason code and a note.';

create function public.moderate_comment(
  p_comment_id bigint,
  p_action public.moderation_action_kind,
  p_reason text,
  p_note text default null
)
returns public.comments
language plpgsql
security definer
set search_path = ''
as $$
declare
  _old public.comments;
  _new public.comments;
  _district bigint;
  _state public.moderation_state;
begin
  _state := case p_action when 'restore' then 'published' when 'hide' then 'hidden' end;
  if _state is null then
    raise exception using errcode = 'P0001', message = 'invalid_action', detail = 'moderate_comment takes hide or restore.';
  end if;
  perform private.check_reason(p_reason);
  select * into _old from public.comments where id = p_comment_id for no key update;
  _district := (select p.district_id from public.proposals p where p.id = _old.proposal_id);
  if _old.id is null or not private.can_moderate_district(_district) then
    raise exception using errcode = '42501', message = 'not_moderator',
      detail = 'You do not moderate the district of this comment.';
  end if;
  update public.comments
  set moderation_state = _state, moderation_reason = p_reason, moderated_at = now()
  where id = p_comment_id
  returning * into _new;
  update public.reports
  set resolution = case when _state = 'published' then 'dismissed' else 'upheld' end::public.report_resolution,
      resolved_at = now()
  where comment_id = p_comment_id and resolution = 'open';
  insert into public.moderation_actions (actor_id, target_type, proposal_id, comment_id, district_id, action, reason_code, note, before, after)
  values ((select auth.uid()), 'comment', _old.proposal_id, p_comment_id, _district, p_action, p_reason, p_note,
          jsonb_build_object('moderation_state', _old.moderation_state),
          jsonb_build_object('moderation_state', _state));
  return _new;
end
$$;
comment on function public.moderate_comment(bigint, public.moderation_action_kind, text, text) is
  'Agents of the district and admins: hide or restore a comment, with a reason code and a note.';

create function public.set_proposal_status(
  p_proposal_id bigint,
  p_status public.proposal_status,
  p_answer text default null,
  p_note text default null
)
returns public.proposals
language plpgsql
security definer
set search_path = ''
as $$
declare
  _old public.proposals;
  _new public.proposals;
begin
  _old := private.lock_proposal_to_moderate(p_proposal_id);
  if p_status is null then
    raise exception using errcode = 'P0001', message = 'invalid_action', detail = 'A status is required.';
  end if;
  update public.proposals
  set status = p_status,
      official_answer = coalesce(nullif(btrim(p_answer), ''), official_answer),
      answered_at = case when nullif(btrim(p_answer), '') is not null then now() else answered_at end
  where id = p_proposal_id
  returning * into _new;
  insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code, note, before, after)
  values ((select auth.uid()), 'proposal', p_proposal_id, _old.district_id, 'set_status', p_status::text, p_note,
          jsonb_build_object('status', _old.status, 'official_answer', _old.official_answer),
          jsonb_build_object('status', _new.status, 'official_answer', _new.official_answer));
  return _new;
end
$$;
comment on function public.set_proposal_status(bigint, public.proposal_status, text, text) is
  'Agents of the district and admins: set the public status of a proposal and its official answer.';

create function public.mark_duplicate(p_proposal_id bigint, p_original_id bigint, p_note text default null)
returns public.proposals
language plpgsql
security definer
set search_path = ''
as $$
declare
  _old public.proposals;
  _new public.proposals;
  _original public.proposals;
begin
  _old := private.lock_proposal_to_moderate(p_proposal_id);
  select * into _original from public.proposals where id = p_original_id;
  if _original.id is null or _original.id = p_proposal_id or _original.duplicate_of is not null
     or _original.moderation_state <> 'published' then
    raise exception using errcode = 'P0001', message = 'invalid_duplicate',
      detail = 'The original must be another published proposal that is not itself a duplicate.';
  end if;
  update public.proposals
  set duplicate_of = p_original_id, moderation_reason = 'duplicate', moderated_at = now()
  where id = p_proposal_id
  returning * into _new;
  update public.reports
  set resolution = 'upheld', resolved_at = now()
  where proposal_id = p_proposal_id and comment_id is null and resolution = 'open' and reason = 'duplicate';
  insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code, note, before, after)
  values ((select auth.uid()), 'proposal', p_proposal_id, _old.district_id, 'mark_duplicate', 'duplicate', p_note,
          jsonb_build_object('duplicate_of', _old.duplicate_of), jsonb_build_object('duplicate_of', p_original_id));
  return _new;
end
$$;
comment on function public.mark_duplicate(bigint, bigint, text) is
  'Agents of the district and admins: close a proposal as a duplicate of a published original (voting closes).';

create function public.correct_proposal(
  p_proposal_id bigint,
  p_category_id bigint default null,
  p_location jsonb default null,
  p_note text default null
)
returns public.proposals
language plpgsql
security definer
set search_path = ''
as $$
declare
  _old public.proposals;
  _new public.proposals;
begin
  _old := private.lock_proposal_to_moderate(p_proposal_id);
  update public.proposals
  set category_id = coalesce(p_category_id, category_id),
      location = coalesce(p_location, location)
  where id = p_proposal_id
  returning * into _new;
  if not private.can_moderate_district(_new.district_id) then
    raise exception using errcode = '42501', message = 'not_moderator',
      detail = 'The new location is in a district you do not moderate.';
  end if;
  if _new.category_id is distinct from _old.category_id then
    insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code, note, before, after)
    values ((select auth.uid()), 'proposal', p_proposal_id, _old.district_id, 'change_category', 'correction', p_note,
            jsonb_build_object('category_id', _old.category_id), jsonb_build_object('category_id', _new.category_id));
  end if;
  if _new.location is distinct from _old.location then
    insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code, note, before, after)
    values ((select auth.uid()), 'proposal', p_proposal_id, _old.district_id, 'move', 'correction', p_note,
            jsonb_build_object('location', _old.location, 'district_id', _old.district_id),
            jsonb_build_object('location', _new.location, 'district_id', _new.district_id));
  end if;
  return _new;
end
$$;
comment on function public.correct_proposal(bigint, bigint, jsonb, text) is
  'Agents of the district and admins: correct the category or the location of a proposal, with a note.';

grant execute on function
  public.moderate_proposal(bigint, public.moderation_action_kind, text, text),
  public.moderate_comment(bigint, public.moderation_action_kind, text, text),
  public.set_proposal_status(bigint, public.proposal_status, text, text),
  public.mark_duplicate(bigint, bigint, text),
  public.correct_proposal(bigint, bigint, jsonb, text)
to authenticated;
