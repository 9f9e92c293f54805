-- Grants that do not depend on where the migrations run.
--
-- The local stack's bootstrap gives new objects in `public` no privilege for anon and
-- authenticated; the Supabase CLI and hosted projects give them every privilege by default
-- (`alter default privileges ... grant all ... to anon, authenticated, service_role`). There, the
-- column grants of earlier migrations meant nothing: a table-wide UPDATE let an author publish
-- their own proposal. This migration makes both the same:
--   1. from now on, objects created in `public` get no implicit privilege for anon and authenticated;
--   2. every existing object loses what anon and authenticated hold, then gets exactly the grants
--      the migrations above intended (the list below is what they produce on the local stack);
--   3. service_role, the key of our own tools, is granted by name what they use.
-- A later migration grants what its own objects need, as before.

alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;

do $$
declare
  target text;
begin
  for target in
    select format('%s %I.%I', case c.relkind when 'S' then 'sequence' else 'table' end, n.nspname, c.relname)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
    union all
    select format('function %s', p.oid::regprocedure)
      from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'
  loop
    -- Also revokes the column privileges of a table.
    execute format('revoke all on %s from anon, authenticated', target);
  end loop;
end
$$;

-- Tables and views (reads; writes go through the column grants below and RLS).
grant select on public.categories to anon;
grant delete, select on public.categories to authenticated;
grant select on public.city_settings to anon;
grant select on public.city_settings to authenticated;
grant select on public.comments to anon;
grant delete, select on public.comments to authenticated;
grant select on public.district_summaries to authenticated;
grant select on public.districts to anon;
grant delete, select on public.districts to authenticated;
grant select on public.moderation_actions to authenticated;
grant select on public.moderation_stats to anon;
grant select on public.moderation_stats to authenticated;
grant select on public.profiles to anon;
grant select on public.profiles to authenticated;
grant select on public.proposals to anon;
grant delete, select on public.proposals to authenticated;
grant select on public.reports to authenticated;
grant delete, select on public.user_roles to authenticated;
grant delete, select on public.votes to authenticated;

-- Columns a role may write.
grant insert (slug, label_fr, label_en, color, icon, sort_order, is_active) on public.categories to authenticated;
grant update (slug, label_fr, label_en, color, icon, sort_order, is_active) on public.categories to authenticated;
grant update (city_name, moderation_mode, report_threshold, voting_open) on public.city_settings to authenticated;
grant insert (proposal_id, author_id, body) on public.comments to authenticated;
grant update (body) on public.comments to authenticated;
grant insert (slug, name, population, geometry) on public.districts to authenticated;
grant update (slug, name, population, geometry) on public.districts to authenticated;
grant update (display_name) on public.profiles to authenticated;
grant insert (author_id, title, description, category_id, location, photo_path) on public.proposals to authenticated;
grant update (title, description, category_id, location, photo_path) on public.proposals to authenticated;
grant insert (reporter_id, proposal_id, comment_id, reason, details) on public.reports to authenticated;
grant insert (user_id, role, district_id) on public.user_roles to authenticated;
grant insert (proposal_id, voter_id, value) on public.votes to authenticated;
grant update (value) on public.votes to authenticated;

-- Functions of the API (the others are revoked from public where they are defined).
grant execute on function public.assign_role(text,public.app_role,bigint[]) to authenticated;
grant execute on function public.cast_vote(bigint,integer) to authenticated;
grant execute on function public.correct_proposal(bigint,bigint,jsonb,text) to authenticated;
grant execute on function public.dashboard_data() to authenticated;
grant execute on function public.dashboard_participants(bigint[],integer[]) to authenticated;
grant execute on function public.district_summary(bigint[],public.proposal_status[],timestamp with time zone,timestamp with time zone) to authenticated;
grant execute on function public.find_user_by_email(text) to authenticated;
grant execute on function public.import_districts(jsonb) to authenticated;
grant execute on function public.mark_duplicate(bigint,bigint,text) to authenticated;
grant execute on function public.moderate_comment(bigint,public.moderation_action_kind,text,text) to authenticated;
grant execute on function public.moderate_proposal(bigint,public.moderation_action_kind,text,text) to authenticated;
grant execute on function public.moderation_queue() to authenticated;
grant execute on function public.proposals_in_bbox(double precision,double precision,double precision,double precision,bigint[],boolean,integer) to anon;
grant execute on function public.proposals_in_bbox(double precision,double precision,double precision,double precision,bigint[],boolean,integer) to authenticated;
grant execute on function public.role_holders() to authenticated;
grant execute on function public.set_proposal_status(bigint,public.proposal_status,text,text) to authenticated;

-- service_role keeps the platform's defaults (all, on both bootstraps; moderation_actions stays
-- append-only by its own revoke). What our own tools do with the key is granted by name, so that
-- it holds on a project whose defaults were changed: `npm run setup` loads districts, categories,
-- city settings and the first admin's role.
grant select, insert, update, delete on public.districts, public.categories, public.city_settings,
  public.user_roles, public.profiles to service_role;
grant usage, select on all sequences in schema public to service_role;
grant execute on function public.import_districts(jsonb) to service_role;
