-- Districts of the city, loaded from the city pack. The geometry stays GeoJSON (jsonb) so that
-- the app can draw it as is; the database tells which district holds a point without PostGIS,
-- from the rings unpacked into private.district_rings.

create table public.districts (
  id bigint generated always as identity primary key,
  slug text not null,
  name text not null,
  population integer,
  geometry jsonb not null,
  min_lng double precision not null,
  min_lat double precision not null,
  max_lng double precision not null,
  max_lat double precision not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint districts_slug_key unique (slug),
  constraint districts_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80),
  constraint districts_name_length check (char_length(btrim(name)) between 1 and 120),
  constraint districts_population_not_negative check (population >= 0)
);
comment on table public.districts is
  'Districts of the city: GeoJSON Polygon or MultiPolygon (WGS84) with name and population. Ids follow file order.';
comment on column public.districts.geometry is 'GeoJSON geometry (Polygon or MultiPolygon), rings closed, holes allowed.';
comment on column public.districts.min_lng is 'Bounding box, computed by the database from the geometry.';

create table private.district_rings (
  district_id bigint not null references public.districts (id) on delete cascade,
  polygon_index integer not null,
  ring_index integer not null,
  xs double precision[] not null,
  ys double precision[] not null,
  min_lng double precision not null,
  min_lat double precision not null,
  max_lng double precision not null,
  max_lat double precision not null,
  primary key (district_id, polygon_index, ring_index)
);
comment on table private.district_rings is
  'Rings of each district polygon as coordinate arrays (ring 0 = outer, others = holes), for point-in-polygon.';
create index district_rings_bbox_idx on private.district_rings (min_lng, max_lng);

-- Validates the GeoJSON and computes the bounding box.
create function private.prepare_district()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  _polygons jsonb;
  _polygon jsonb;
  _ring jsonb;
  _position jsonb;
  _x double precision;
  _y double precision;
begin
  if jsonb_typeof(new.geometry) is distinct from 'object'
     or new.geometry ->> 'type' not in ('Polygon', 'MultiPolygon')
     or jsonb_typeof(new.geometry -> 'coordinates') is distinct from 'array' then
    raise exception using errcode = 'P0001', message = 'district_geometry_invalid',
      detail = 'The geometry must be a GeoJSON Polygon or MultiPolygon.';
  end if;
  _polygons := case when new.geometry ->> 'type' = 'Polygon'
                    then jsonb_build_array(new.geometry -> 'coordinates')
                    else new.geometry -> 'coordinates' end;
  if jsonb_array_length(_polygons) = 0 then
    raise exception using errcode = 'P0001', message = 'district_geometry_invalid', detail = 'The geometry is empty.';
  end if;
  new.min_lng := null; new.min_lat := null; new.max_lng := null; new.max_lat := null;
  for _polygon in select value from jsonb_array_elements(_polygons) loop
    if jsonb_typeof(_polygon) is distinct from 'array' or jsonb_array_length(_polygon) = 0 then
      raise exception using errcode = 'P0001', message = 'district_geometry_invalid', detail = 'A polygon has no rings.';
    end if;
    for _ring in select value from jsonb_array_elements(_polygon) loop
      if jsonb_typeof(_ring) is distinct from 'array' or jsonb_array_length(_ring) < 4 then
        raise exception using errcode = 'P0001', message = 'district_geometry_invalid',
          detail = 'Every ring needs at least four positions.';
      end if;
      if (_ring -> 0) is distinct from (_ring -> -1) then
        raise exception using errcode = 'P0001', message = 'district_geometry_invalid', detail = 'A ring is not closed.';
      end if;
      for _position in select value from jsonb_array_elements(_ring) loop
        if jsonb_typeof(_position -> 0) is distinct from 'number' or jsonb_typeof(_position -> 1) is distinct from 'number' then
          raise exception using errcode = 'P0001', message = 'district_geometry_invalid',
            detail = 'Positions must be [longitude, latitude] numbers.';
        end if;
        _x := (_position ->> 0)::double precision;
        _y := (_position ->> 1)::double precision;
        if _x not between -180 and 180 or _y not between -90 and 90 then
          raise exception using errcode = 'P0001', message = 'district_geometry_invalid',
            detail = 'Coordinates must be WGS84 longitude and latitude.';
        end if;
        new.min_lng := least(new.min_lng, _x);
        new.max_lng := greatest(new.max_lng, _x);
        new.min_lat := least(new.min_lat, _y);
        new.max_lat := greatest(new.max_lat, _y);
      end loop;
    end loop;
  end loop;
  new.updated_at := now();
  return new;
end
$$;
comment on function private.prepare_district() is
  'Trigger: refuses invalid GeoJSON (district_geometry_invalid) and computes the bounding box.';

create trigger districts_prepare
before insert or update of geometry on public.districts
for each row execute function private.prepare_district();

create trigger districts_touch_updated_at
before update on public.districts
for each row execute function private.touch_updated_at();

-- Unpacks the rings into coordinate arrays.
create function private.sync_district_rings()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.district_rings where district_id = new.id;
  insert into private.district_rings (district_id, polygon_index, ring_index, xs, ys, min_lng, min_lat, max_lng, max_lat)
  select new.id, p.ordinality - 1, r.ordinality - 1, a.xs, a.ys,
         (select min(x) from unnest(a.xs) as x), (select min(y) from unnest(a.ys) as y),
         (select max(x) from unnest(a.xs) as x), (select max(y) from unnest(a.ys) as y)
  from jsonb_array_elements(
         case when new.geometry ->> 'type' = 'Polygon'
              then jsonb_build_array(new.geometry -> 'coordinates')
              else new.geometry -> 'coordinates' end
       ) with ordinality as p (polygon, ordinality)
  cross join lateral jsonb_array_elements(p.polygon) with ordinality as r (ring, ordinality)
  cross join lateral (
    select array_agg((q.position ->> 0)::double precision order by q.ordinality) as xs,
           array_agg((q.position ->> 1)::double precision order by q.ordinality) as ys
    from jsonb_array_elements(r.ring) with ordinality as q (position, ordinality)
  ) a;
  return null;
end
$$;
comment on function private.sync_district_rings() is 'Trigger: keeps private.district_rings in step with districts.geometry.';

create trigger districts_sync_rings
after insert or update of geometry on public.districts
for each row execute function private.sync_district_rings();

-- Which district holds a point.
--   1. Candidate rings: those whose bounding box holds the point (edges included).
--   2. A polygon holds the point when the point lies on one of its edges, or when a ray cast
--      towards +longitude crosses its rings (outer and holes together) an odd number of times.
--      On an edge: (x - x1) * (y2 - y1) = (y - y1) * (x2 - x1) in IEEE double, and x, y within
--      the segment's box. Crossing: (y1 > y) <> (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1.
--   3. Several districts hold it (a shared border or corner): the lowest district id wins,
--      which is the first in the city pack's file order.
create function private.district_for_point(p_lng double precision, p_lat double precision)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select polygons.district_id
  from (
    select r.district_id, r.polygon_index,
           bool_or(e.on_edge) as on_edge,
           sum(e.crossings) as crossings
    from private.district_rings r
    cross join lateral (
      select
        coalesce(bool_or(
          (p_lng - s.x1) * (s.y2 - s.y1) = (p_lat - s.y1) * (s.x2 - s.x1)
          and p_lng between least(s.x1, s.x2) and greatest(s.x1, s.x2)
          and p_lat between least(s.y1, s.y2) and greatest(s.y1, s.y2)
        ), false) as on_edge,
        count(*) filter (
          where case when (s.y1 > p_lat) <> (s.y2 > p_lat)
                     then p_lng < (s.x2 - s.x1) * (p_lat - s.y1) / (s.y2 - s.y1) + s.x1
                     else false end
        ) as crossings
      from unnest(
        r.xs[1:cardinality(r.xs) - 1], r.ys[1:cardinality(r.ys) - 1],
        r.xs[2:cardinality(r.xs)], r.ys[2:cardinality(r.ys)]
      ) as s (x1, y1, x2, y2)
    ) e
    where p_lng between r.min_lng and r.max_lng
      and p_lat between r.min_lat and r.max_lat
    group by r.district_id, r.polygon_index
  ) polygons
  where polygons.on_edge or polygons.crossings % 2 = 1
  order by polygons.district_id
  limit 1
$$;
comment on function private.district_for_point(double precision, double precision) is
  'The district holding a point (edges count as inside; on a shared border the lowest id wins), or null outside the city.';
grant execute on function private.district_for_point(double precision, double precision) to authenticated, service_role;

create index districts_bbox_idx on public.districts (min_lng, max_lng, min_lat, max_lat);

alter table public.districts enable row level security;

grant select on public.districts to anon, authenticated;

create policy "Anyone can read districts"
on public.districts for select
to anon
using (true);

create policy "Signed-in users can read districts"
on public.districts for select
to authenticated
using (true);
