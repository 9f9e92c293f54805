-- Emails about moderation, written to an outbox in the same transaction as the change that causes
-- them, and delivered afterwards: by the local stack's notifier into its mailbox, in production by
-- a scheduled Edge Function (see docs/moderation.md). Rows name the recipient by account id only;
-- the payload holds what the email says and never who acted or who reported.

create table private.notification_outbox (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  recipient_id uuid not null,
  locale text,
  kind text not null,
  proposal_id bigint,
  payload jsonb not null default '{}'::jsonb,
  sent_at timestamptz,
  constraint notification_outbox_kind check (kind in (
    'proposal_hidden', 'proposal_restored', 'proposal_published', 'proposal_rejected',
    'proposal_status', 'proposal_duplicate', 'report_outcome'
  )),
  constraint notification_outbox_locale check (locale in ('fr', 'en'))
);
comment on table private.notification_outbox is
  'Moderation emails waiting for delivery (sent_at null) or delivered. Recipient by id; no actor, no reporter.';

create index notification_outbox_pending_idx on private.notification_outbox (id) where sent_at is null;
create index notification_outbox_recipient_idx on private.notification_outbox (recipient_id);

alter table private.notification_outbox enable row level security;
revoke all on private.notification_outbox from public, anon, authenticated, service_role;

-- The recipient's language when their account says it (user metadata "locale"); null = the city's.
create function private.recipient_locale(p_user_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case when u.raw_user_meta_data ->> 'locale' in ('fr', 'en') then u.raw_user_meta_data ->> 'locale' end
  from auth.users u where u.id = p_user_id
$$;
comment on function private.recipient_locale(uuid) is 'The language an account asked for (fr or en), or null.';

create function private.enqueue_notification(p_recipient uuid, p_kind text, p_proposal_id bigint, p_payload jsonb)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.notification_outbox (recipient_id, locale, kind, proposal_id, payload)
  values (p_recipient, private.recipient_locale(p_recipient), p_kind, p_proposal_id, p_payload)
$$;
comment on function private.enqueue_notification(uuid, text, bigint, jsonb) is 'Adds one email to the outbox.';

-- The author learns when their proposal is hidden, restored, published, rejected, answered, gets
-- a new status or is closed as a duplicate. Nobody is told about their own action, nor about
-- maintenance without an API caller (seeding, SQL run by the operators).
create function private.notify_proposal_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  _kind text;
begin
  if (select auth.uid()) is null or new.author_id = (select auth.uid()) then
    return null;
  end if;
  if new.moderation_state is distinct from old.moderation_state then
    _kind := case new.moderation_state
      when 'hidden' then 'proposal_hidden'
      when 'rejected' then 'proposal_rejected'
      when 'published' then case when old.moderation_state = 'pending' then 'proposal_published' else 'proposal_restored' end
    end;
    if _kind is not null then
      perform private.enqueue_notification(new.author_id, _kind, new.id,
        jsonb_build_object('title', new.title, 'reason', new.moderation_reason));
    end if;
  end if;
  if (new.status, new.official_answer) is distinct from (old.status, old.official_answer) then
    perform private.enqueue_notification(new.author_id, 'proposal_status', new.id,
      jsonb_build_object('title', new.title, 'status', new.status, 'answer', new.official_answer));
  end if;
  if new.duplicate_of is not null and new.duplicate_of is distinct from old.duplicate_of then
    perform private.enqueue_notification(new.author_id, 'proposal_duplicate', new.id,
      jsonb_build_object('title', new.title, 'original_id', new.duplicate_of,
        'original_title', (select o.title from public.proposals o where o.id = new.duplicate_of)));
  end if;
  return null;
end
$$;
comment on function private.notify_proposal_change() is 'Trigger: emails the author about moderation and status changes.';

create trigger proposals_notify_author
after update of moderation_state, status, official_answer, duplicate_of on public.proposals
for each row execute function private.notify_proposal_change();

-- Reporters learn the outcome once an agent decides (upheld: hidden; dismissed: it stays).
create function private.notify_report_outcome()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    return null;
  end if;
  perform private.enqueue_notification(new.reporter_id, 'report_outcome', new.proposal_id,
    jsonb_build_object(
      'title', (select p.title from public.proposals p where p.id = new.proposal_id),
      'target', case when new.comment_id is null then 'proposal' else 'comment' end,
      'outcome', new.resolution));
  return null;
end
$$;
comment on function private.notify_report_outcome() is 'Trigger: emails a reporter the outcome of their report.';

create trigger reports_notify_outcome
after update of resolution on public.reports
for each row when (old.resolution = 'open' and new.resolution <> 'open')
execute function private.notify_report_outcome();
