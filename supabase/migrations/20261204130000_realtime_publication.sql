-- Live updates: Supabase Realtime streams the changes of the tables in `supabase_realtime`,
-- each delivered only to subscribers whose row-level security lets them select the row.
-- Hosted Supabase creates the publication; a bare database may not have it yet.
do $$
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end $$;

alter publication supabase_realtime add table public.proposals, public.votes, public.comments;
