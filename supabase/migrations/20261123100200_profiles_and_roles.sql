-- Public profiles (a display name, never an email) and the roles that go beyond "resident".

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_display_name_length check (char_length(btrim(display_name)) between 1 and 50)
);
comment on table public.profiles is
  'Public face of an account: a display name. Created automatically for every auth user; holds no email.';

create trigger profiles_touch_updated_at
before update on public.profiles
for each row execute function private.touch_updated_at();

-- A display name from the sign-up metadata, or a neutral one: never derived from the email.
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  _name text := coalesce(
    nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
    nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
    nullif(btrim(new.raw_user_meta_data ->> 'name'), '')
  );
begin
  insert into public.profiles (id, display_name)
  values (new.id, coalesce(left(_name, 50), 'Resident ' || upper(left(replace(new.id::text, '-', ''), 6))))
  on conflict (id) do nothing;
  return new;
end
$$;
comment on function private.handle_new_user() is 'Trigger on auth.users: creates the public profile.';

create trigger on_auth_user_created
after insert on auth.users
for each row execute function private.handle_new_user();

alter table public.profiles enable row level security;

grant select on public.profiles to anon, authenticated;
grant update (display_name) on public.profiles to authenticated;

create policy "Anyone can read display names"
on public.profiles for select
to anon
using (true);

create policy "Signed-in users can read display names"
on public.profiles for select
to authenticated
using (true);

create policy "People can rename themselves"
on public.profiles for update
to authenticated
using (id = (select auth.uid()))
with check (id = (select auth.uid()));

-- Roles. A resident is any signed-in user and has no row here.
create table public.user_roles (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.app_role not null,
  district_id bigint references public.districts (id) on delete cascade,
  granted_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint user_roles_agent_needs_district check ((role = 'agent') = (district_id is not null)),
  constraint user_roles_once unique nulls not distinct (user_id, role, district_id)
);
comment on table public.user_roles is
  'Roles granted by admins: agent (one row per district), planner, admin. Never taken from user metadata.';

create index user_roles_user_id_idx on public.user_roles (user_id);
create index user_roles_district_id_idx on public.user_roles (district_id);
create index user_roles_granted_by_idx on public.user_roles (granted_by);

create function private.has_role(p_role public.app_role)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.user_roles
    where user_id = (select auth.uid()) and role = p_role
  )
$$;
comment on function private.has_role(public.app_role) is 'Whether the caller holds a role (for agent: in any district).';

create function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.has_role('admin')
$$;
comment on function private.is_admin() is 'Whether the caller is an admin.';

create function private.require_planner()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not (coalesce((select auth.role()), '') = 'service_role' or private.has_role('planner') or private.has_role('admin')) then
    raise exception using errcode = '42501', message = 'not_planner',
      detail = 'Summaries and the dashboard are for planners and admins.';
  end if;
end
$$;
comment on function private.require_planner() is 'Raises not_planner (42501) unless the caller is a planner, an admin or the service role.';

create function private.moderated_district_ids()
returns bigint[]
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when private.has_role('admin') then (select coalesce(array_agg(d.id), '{}') from public.districts d)
    else (
      select coalesce(array_agg(r.district_id), '{}')
      from public.user_roles r
      where r.user_id = (select auth.uid()) and r.role = 'agent'
    )
  end
$$;
comment on function private.moderated_district_ids() is
  'Districts the caller moderates: those they are agent of, or all of them for an admin.';

create function private.can_moderate_district(p_district_id bigint)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.has_role('admin') or coalesce(p_district_id = any (private.moderated_district_ids()), false)
$$;
comment on function private.can_moderate_district(bigint) is
  'Whether the caller moderates this district (admins moderate everything, also items without a district).';

grant execute on function
  private.require_planner(),
  private.has_role(public.app_role),
  private.is_admin(),
  private.moderated_district_ids(),
  private.can_moderate_district(bigint)
to authenticated, service_role;

alter table public.user_roles enable row level security;

grant select, delete on public.user_roles to authenticated;
grant insert (user_id, role, district_id) on public.user_roles to authenticated;

create policy "People see their own roles and admins see all"
on public.user_roles for select
to authenticated
using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "Admins can assign roles"
on public.user_roles for insert
to authenticated
with check ((select private.is_admin()));

create policy "Admins can remove roles"
on public.user_roles for delete
to authenticated
using ((select private.is_admin()));

-- District boundaries are official data: admins and planners maintain them (issue: import).
grant insert (slug, name, population, geometry), update (slug, name, population, geometry), delete
  on public.districts to authenticated;

create policy "Admins and planners can add districts"
on public.districts for insert
to authenticated
with check ((select private.is_admin()) or (select private.has_role('planner')));

create policy "Admins and planners can change districts"
on public.districts for update
to authenticated
using ((select private.is_admin()) or (select private.has_role('planner')))
with check ((select private.is_admin()) or (select private.has_role('planner')));

create policy "Admins and planners can remove districts"
on public.districts for delete
to authenticated
using ((select private.is_admin()) or (select private.has_role('planner')));

-- Admins look people up by email to grant roles; emails stay out of every table the API exposes.
create function public.find_user_by_email(p_email text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_admin', detail = 'Only admins can look up accounts by email.';
  end if;
  return (select u.id from auth.users u where lower(u.email) = lower(btrim(p_email)) limit 1);
end
$$;
comment on function public.find_user_by_email(text) is 'Admins only: the account id for an email, or null.';
grant execute on function public.find_user_by_email(text) to authenticated;
