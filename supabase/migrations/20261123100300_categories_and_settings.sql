-- Themes of proposals (Carticipe-style coloured bubbles) and the city's own settings.

create table public.categories (
  id bigint generated always as identity primary key,
  slug text not null,
  label_fr text not null,
  label_en text not null,
  color text not null,
  icon text not null,
  sort_order integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint categories_slug_key unique (slug),
  constraint categories_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 40),
  constraint categories_label_fr_length check (char_length(btrim(label_fr)) between 1 and 60),
  constraint categories_label_en_length check (char_length(btrim(label_en)) between 1 and 60),
  constraint categories_color_format check (color ~ '^#[0-9a-f]{6}$'),
  constraint categories_icon_format check (icon ~ '^[a-z0-9-]{1,40}$')
);
comment on table public.categories is 'Themes of proposals with French and English labels, a colour (#rrggbb) and an icon name.';

create trigger categories_touch_updated_at
before update on public.categories
for each row execute function private.touch_updated_at();

alter table public.categories enable row level security;

grant select on public.categories to anon, authenticated;
grant insert (slug, label_fr, label_en, color, icon, sort_order, is_active),
      update (slug, label_fr, label_en, color, icon, sort_order, is_active),
      delete
  on public.categories to authenticated;

create policy "Anyone can read categories"
on public.categories for select
to anon
using (true);

create policy "Signed-in users can read categories"
on public.categories for select
to authenticated
using (true);

create policy "Admins can add categories"
on public.categories for insert
to authenticated
with check ((select private.is_admin()));

create policy "Admins can change categories"
on public.categories for update
to authenticated
using ((select private.is_admin()))
with check ((select private.is_admin()));

create policy "Admins can remove categories"
on public.categories for delete
to authenticated
using ((select private.is_admin()));

-- One row of settings for the city.
create table public.city_settings (
  id boolean primary key default true,
  city_name text not null default 'Demoville',
  moderation_mode public.moderation_mode not null default 'post',
  report_threshold integer not null default 3,
  voting_open boolean not null default true,
  updated_at timestamptz not null default now(),
  constraint city_settings_single_row check (id),
  constraint city_settings_city_name_length check (char_length(btrim(city_name)) between 1 and 120),
  constraint city_settings_report_threshold_range check (report_threshold between 1 and 100)
);
comment on table public.city_settings is
  'The city''s settings (one row): pre- or post-moderation, reports before automatic hiding, whether voting is open.';

create trigger city_settings_touch_updated_at
before update on public.city_settings
for each row execute function private.touch_updated_at();

insert into public.city_settings (id) values (true) on conflict (id) do nothing;

alter table public.city_settings enable row level security;

grant select on public.city_settings to anon, authenticated;
grant update (city_name, moderation_mode, report_threshold, voting_open) on public.city_settings to authenticated;

create policy "Anyone can read the city settings"
on public.city_settings for select
to anon
using (true);

create policy "Signed-in users can read the city settings"
on public.city_settings for select
to authenticated
using (true);

create policy "Admins can change the city settings"
on public.city_settings for update
to authenticated
using ((select private.is_admin()))
with check ((select private.is_admin()));
