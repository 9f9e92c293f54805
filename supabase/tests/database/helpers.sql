-- Helpers for the pgTAP files of this folder, installed once (committed) by scripts/db/test-db.ts
-- after the migrations, pgTAP (schema extensions) and the Firenze districts.
--
-- Named test users, a way to act as anon / a user / service_role, and tests.outcome(), which runs
-- one statement as an actor inside a subtransaction that is always rolled back, and tells:
--   'allowed'        the statement read or changed at least one row
--   'filtered'       it ran but row-level security left it no row
--   'grant'          refused by privileges (permission denied: no GRANT)
--   'policy'         refused by a WITH CHECK policy (new row violates row-level security)
--   'constraint:<n>' refused by constraint <n>
--   'error:<name>'   one of the schema's named errors (raise ... message = '<name>')

create schema if not exists tests;
comment on schema tests is 'pgTAP helpers; exists only in test databases.';
grant usage on schema tests to anon, authenticated, service_role;

create table if not exists tests.users (
  name text primary key,
  id uuid not null
);
comment on table tests.users is 'Named test users of the current test transaction.';
grant select on tests.users to anon, authenticated, service_role;

create table if not exists tests.fixtures (
  name text primary key,
  id bigint not null
);
comment on table tests.fixtures is 'Named rows created by tests.world().';
grant select on tests.fixtures to anon, authenticated, service_role;

create or replace function tests.create_user(p_name text, p_role public.app_role default null, p_district_slug text default null)
returns uuid
language plpgsql
set search_path = public, extensions
as $$
declare
  _id uuid := gen_random_uuid();
begin
  insert into auth.users (id, email, email_confirmed_at, raw_user_meta_data)
  values (_id, p_name || '@test.local', now(), jsonb_build_object('display_name', p_name));
  insert into tests.users (name, id) values (p_name, _id);
  if p_role is not null then
    insert into public.user_roles (user_id, role, district_id)
    values (_id, p_role, (select d.id from public.districts d where d.slug = p_district_slug));
  end if;
  return _id;
end
$$;

create or replace function tests.id(p_name text)
returns uuid
language sql
stable
set search_path = public, extensions
as $$
  select u.id from tests.users u where u.name = p_name
$$;

create or replace function tests.fx(p_name text)
returns bigint
language sql
stable
set search_path = public, extensions
as $$
  select f.id from tests.fixtures f where f.name = p_name
$$;

create or replace function tests.district(p_slug text)
returns bigint
language sql
stable
set search_path = public, extensions
as $$
  select d.id from public.districts d where d.slug = p_slug
$$;

-- Acts as 'anon', 'service_role', 'postgres' (back to the test's superuser) or a named user,
-- for the rest of the transaction, as PostgREST does for a request.
create or replace function tests.act_as(p_actor text)
returns void
language plpgsql
set search_path = public, extensions
as $$
declare
  _id uuid;
begin
  perform set_config('role', 'none', true);
  if p_actor = 'postgres' then
    perform set_config('request.jwt.claims', '', true);
    return;
  end if;
  if p_actor in ('anon', 'service_role') then
    perform set_config('request.jwt.claims', json_build_object('role', p_actor)::text, true);
    perform set_config('role', p_actor, true);
    return;
  end if;
  _id := tests.id(p_actor);
  if _id is null then
    raise exception 'no test user named %', p_actor;
  end if;
  perform set_config('request.jwt.claims',
    json_build_object('sub', _id, 'role', 'authenticated', 'aud', 'authenticated', 'email', p_actor || '@test.local')::text,
    true);
  perform set_config('role', 'authenticated', true);
end
$$;

create or replace function tests.outcome(p_actor text, p_sql text)
returns text
language plpgsql
set search_path = public, extensions
as $$
declare
  _rows bigint;
  _result text;
  _constraint text;
begin
  perform tests.act_as(p_actor);
  begin
    execute p_sql;
    get diagnostics _rows = row_count;
    raise exception using errcode = 'TR001', message = _rows::text;
  exception
    when sqlstate 'TR001' then
      _result := case when sqlerrm::bigint > 0 then 'allowed' else 'filtered' end;
    when others then
      get stacked diagnostics _constraint = constraint_name;
      _result := case
        when sqlerrm ~ '^[a-z][a-z_]*$' then 'error:' || sqlerrm
        when sqlstate = '42501' and sqlerrm like 'permission denied%' then 'grant'
        when sqlstate = '42501' and sqlerrm like 'new row violates row-level security policy%' then 'policy'
        when sqlstate like '23%' and _constraint <> '' then 'constraint:' || _constraint
        else 'error:' || sqlstate || ' ' || sqlerrm
      end;
  end;
  perform tests.act_as('postgres');
  return _result;
end
$$;

create or replace function tests.expect(p_actor text, p_sql text, p_expected text, p_description text default null)
returns text
language sql
set search_path = public, extensions
as $$
  select extensions.is(tests.outcome(p_actor, p_sql), p_expected,
                       coalesce(p_description, p_actor || ': ' || p_sql || ' → ' || p_expected))
$$;

-- The cast of the RLS matrix, in Florence (the Firenze pack is loaded by the test runner):
--   author (resident, writes the proposals), other (another resident), agent (agent of
--   centro-storico, where the proposals are), agent_other (agent of campo-di-marte), planner, admin.
-- Rows (tests.fx): published, hidden, pending (by author, centro-storico); fresh (by other,
--   centro-storico, nothing on it yet); elsewhere (by other, campo-di-marte); vote (author's on
--   published), comment / hidden_comment (by other on published), report (other's on published),
--   action_here / action_elsewhere (log entries), unused_category.
create or replace function tests.world()
returns void
language plpgsql
set search_path = public, extensions
as $$
declare
  _author uuid := tests.create_user('author');
  _other uuid := tests.create_user('other');
  _category bigint := (select c.id from public.categories c where c.slug = 'mobility');
  _id bigint;
begin
  perform tests.create_user('agent', 'agent', 'centro-storico');
  perform tests.create_user('agent_other', 'agent', 'campo-di-marte');
  perform tests.create_user('planner', 'planner');
  perform tests.create_user('admin', 'admin');

  insert into public.proposals (author_id, title, description, category_id, location, photo_path)
  values (_author, 'Published proposal', 'In the centre', _category,
          '{"type":"Point","coordinates":[11.2558,43.7731]}', _author || '/published.jpg')
  returning id into _id;
  insert into tests.fixtures values ('published', _id);

  insert into public.proposals (author_id, title, category_id, location, moderation_state, moderation_reason, photo_path)
  values (_author, 'Hidden proposal', _category, '{"type":"Point","coordinates":[11.2500,43.7700]}', 'hidden', 'spam',
          _author || '/hidden.jpg')
  returning id into _id;
  insert into tests.fixtures values ('hidden', _id);

  insert into public.proposals (author_id, title, category_id, location, moderation_state)
  values (_author, 'Pending proposal', _category, '{"type":"Point","coordinates":[11.2510,43.7710]}', 'pending')
  returning id into _id;
  insert into tests.fixtures values ('pending', _id);

  insert into public.proposals (author_id, title, category_id, location)
  values (_other, 'Fresh proposal', _category, '{"type":"Point","coordinates":[11.2520,43.7720]}')
  returning id into _id;
  insert into tests.fixtures values ('fresh', _id);

  insert into public.proposals (author_id, title, category_id, location)
  values (_other, 'Proposal elsewhere', _category, '{"type":"Point","coordinates":[11.3000,43.7800]}')
  returning id into _id;
  insert into tests.fixtures values ('elsewhere', _id);

  insert into public.votes (proposal_id, voter_id, value) values (tests.fx('published'), _author, 1);
  insert into public.votes (proposal_id, voter_id, value) values (tests.fx('published'), _other, -1);

  insert into public.comments (proposal_id, author_id, body) values (tests.fx('published'), _other, 'A comment')
  returning id into _id;
  insert into tests.fixtures values ('comment', _id);
  insert into public.comments (proposal_id, author_id, body, moderation_state) values (tests.fx('published'), _other, 'Hidden comment', 'hidden')
  returning id into _id;
  insert into tests.fixtures values ('hidden_comment', _id);

  insert into public.reports (reporter_id, proposal_id, reason) values (_other, tests.fx('published'), 'off_topic')
  returning id into _id;
  insert into tests.fixtures values ('report', _id);

  insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code)
  values (tests.id('agent'), 'proposal', tests.fx('hidden'), tests.district('centro-storico'), 'hide', 'spam')
  returning id into _id;
  insert into tests.fixtures values ('action_here', _id);
  insert into public.moderation_actions (actor_id, target_type, proposal_id, district_id, action, reason_code)
  values (tests.id('agent_other'), 'proposal', tests.fx('elsewhere'), tests.district('campo-di-marte'), 'hide', 'spam')
  returning id into _id;
  insert into tests.fixtures values ('action_elsewhere', _id);

  insert into public.categories (slug, label_fr, label_en, color, icon)
  values ('unused', 'Inutilisée', 'Unused', '#000000', 'dots')
  returning id into _id;
  insert into tests.fixtures values ('unused_category', _id);

  insert into storage.objects (bucket_id, name, owner) values
    ('proposal-photos', _author || '/published.jpg', _author),
    ('proposal-photos', _author || '/hidden.jpg', _author),
    ('proposal-photos', _author || '/draft.jpg', _author);
end
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

-- One row of the RLS matrix: the same statement for all eight identities, each with its
-- expected outcome, written 'anon=grant author=allowed other=filtered …'. All eight must be given.
create or replace function tests.matrix(p_table text, p_action text, p_what text, p_sql text, p_expected text)
returns setof text
language plpgsql
set search_path = public, extensions
as $$
declare
  _pair text;
  _actor text;
  _want text;
  _actors text[] := '{}';
begin
  foreach _pair in array regexp_split_to_array(btrim(p_expected), '\s+') loop
    _actor := split_part(_pair, '=', 1);
    _want := substr(_pair, length(_actor) + 2);
    _actors := _actors || _actor;
    return next tests.expect(_actor, p_sql, _want, format('%s × %s × %s: %s → %s', p_table, p_action, _actor, p_what, _want));
  end loop;
  if (select array_agg(a order by a) from unnest(_actors) a)
     is distinct from '{admin,agent,agent_other,anon,author,other,planner,service_role}'::text[] then
    raise exception 'matrix row "%" must give all eight identities, got %', p_what, _actors;
  end if;
end
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
