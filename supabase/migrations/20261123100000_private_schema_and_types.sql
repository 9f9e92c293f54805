-- The private schema holds helpers that policies and triggers call. PostgREST does not expose it,
-- so nothing in it can be called over HTTP; signed-in users may only execute what is granted.
create schema if not exists private;
comment on schema private is 'Internal helpers (role checks, geometry, triggers); not exposed by the API.';

revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Functions run only for the roles they are granted to. A per-schema default privilege can only
-- add to the global defaults, so removing PUBLIC's EXECUTE (a global default) takes this global
-- form; every function below is then granted explicitly, or to nobody (triggers).
alter default privileges revoke execute on functions from public;

-- Enumerations shared by the tables (they appear in the generated TypeScript types).
create type public.app_role as enum ('agent', 'planner', 'admin');
comment on type public.app_role is 'Roles beyond resident: agent (moderator scoped to districts), planner, admin.';

create type public.moderation_state as enum ('pending', 'published', 'hidden', 'rejected');
comment on type public.moderation_state is 'Whether the public sees an item: pending (pre-moderation), published, hidden, rejected.';

create type public.proposal_status as enum ('new', 'under_study', 'accepted', 'realised', 'declined');
comment on type public.proposal_status is 'Public lifecycle of a proposal, set by agents with an official answer.';

create type public.report_reason as enum ('spam', 'offensive', 'off_topic', 'personal_data', 'duplicate', 'other');
comment on type public.report_reason is 'Why a person flags a proposal or a comment.';

create type public.report_resolution as enum ('open', 'upheld', 'dismissed');
comment on type public.report_resolution is 'Outcome of a report, visible to its reporter.';

create type public.moderation_mode as enum ('post', 'pre');
comment on type public.moderation_mode is 'post: proposals are published at once; pre: they wait for an agent.';

create type public.moderation_target as enum ('proposal', 'comment', 'user');
comment on type public.moderation_target is 'What a moderation action acted on.';

create type public.moderation_action_kind as enum (
  'publish', 'hide', 'auto_hide', 'restore', 'reject', 'mark_duplicate',
  'change_category', 'move', 'set_status', 'assign_role', 'remove_role'
);
comment on type public.moderation_action_kind is 'Kinds of entries in the moderation audit log.';

create function private.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function private.touch_updated_at() is 'Trigger: keeps updated_at current.';
