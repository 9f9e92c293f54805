-- The admin screen: who holds which role (with their email, for admins only), assigning a role
-- by email, and a city that always keeps at least one admin.

-- Admins only: every role holder with the email they sign in with (emails stay out of the tables).
create function public.role_holders()
returns table (
  id bigint,
  user_id uuid,
  email text,
  display_name text,
  role public.app_role,
  district_id bigint,
  created_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception using errcode = '42501', message = 'not_admin', detail = 'Only admins can list role holders.';
  end if;
  return query
    select r.id, r.user_id, u.email::text, p.display_name, r.role, r.district_id, r.created_at
    from public.user_roles r
    join public.profiles p on p.id = r.user_id
    left join auth.users u on u.id = r.user_id
    order by lower(u.email::text), r.role, r.district_id;
end
$$;
comment on function public.role_holders() is 'Admins only: role holders with their email, role and district.';
revoke all on function public.role_holders() from public;
grant execute on function public.role_holders() to authenticated;

-- Admins only (through find_user_by_email and the user_roles policies: this runs as the caller).
-- An agent gets one row per district; districts already held are skipped. Returns how many rows
-- were added; nothing new is `role_exists`.
create function public.assign_role(p_email text, p_role public.app_role, p_district_ids bigint[] default null)
returns integer
language plpgsql
security invoker
set search_path = ''
as $$
declare
  _user uuid := public.find_user_by_email(p_email);
  _districts bigint[] := coalesce(p_district_ids, '{}');
  _added integer;
begin
  if _user is null then
    raise exception using errcode = 'P0001', message = 'unknown_email', detail = 'No account uses this email address.';
  end if;
  if p_role is null then
    raise exception using errcode = 'P0001', message = 'invalid_role', detail = 'A role is required.';
  end if;
  if p_role = 'agent' and cardinality(_districts) = 0 then
    raise exception using errcode = 'P0001', message = 'districts_required', detail = 'An agent needs at least one district.';
  end if;
  if p_role <> 'agent' and cardinality(_districts) > 0 then
    raise exception using errcode = 'P0001', message = 'districts_not_allowed', detail = 'Only agents have districts.';
  end if;
  if exists (select 1 from unnest(_districts) d (id) where not exists (select 1 from public.districts x where x.id = d.id)) then
    raise exception using errcode = 'P0001', message = 'unknown_district', detail = 'There is no such district.';
  end if;
  insert into public.user_roles (user_id, role, district_id)
  select _user, p_role, d.id
  from (select distinct unnest(case when p_role = 'agent' then _districts else array[null::bigint] end) as id) d
  on conflict do nothing;
  get diagnostics _added = row_count;
  if _added = 0 then
    raise exception using errcode = 'P0001', message = 'role_exists', detail = 'This person already holds this role.';
  end if;
  return _added;
end
$$;
comment on function public.assign_role(text, public.app_role, bigint[]) is
  'Admins only: gives the account with this email a role (agent: in these districts); logged like every role change.';
revoke all on function public.assign_role(text, public.app_role, bigint[]) from public;
grant execute on function public.assign_role(text, public.app_role, bigint[]) to authenticated;

-- The last admin cannot be removed (by themselves or anyone), unless their account itself is deleted.
-- Locking the other admins' rows serialises two admins removing each other at once.
create function private.keep_an_admin()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role = 'admin'
     and exists (select 1 from public.profiles p where p.id = old.user_id)
     and not exists (select 1 from public.user_roles r where r.role = 'admin' and r.id <> old.id for update) then
    raise exception using errcode = 'P0001', message = 'last_admin',
      detail = 'The city needs at least one admin: make someone else admin first.';
  end if;
  return old;
end
$$;
comment on function private.keep_an_admin() is 'Trigger: refuses to remove the last admin role.';
revoke all on function private.keep_an_admin() from public;

create trigger user_roles_keep_an_admin
before delete on public.user_roles
for each row execute function private.keep_an_admin();
