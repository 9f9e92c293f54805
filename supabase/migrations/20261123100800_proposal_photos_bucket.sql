-- Photos of proposals: at most 5 MB, JPEG, PNG or WebP. Everyone writes only under their own
-- folder (<user id>/...). A photo is readable by whoever can read a proposal that uses it
-- (everyone, once that proposal is published); other files only by their owner. The bucket is
-- private, so reads go through these policies (signed URLs or authenticated downloads) and a
-- listing shows nothing beyond what the caller could read anyway.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('proposal-photos', 'proposal-photos', false, 5242880, array['image/jpeg', 'image/png', 'image/webp'])
on conflict (id) do update
set public = excluded.public,
    file_size_limit = excluded.file_size_limit,
    allowed_mime_types = excluded.allowed_mime_types;

create policy "Anyone can see photos of published proposals"
on storage.objects for select
to anon
using (
  bucket_id = 'proposal-photos'
  and exists (
    select 1 from public.proposals p
    where p.photo_path = objects.name and p.moderation_state = 'published'
  )
);

create policy "Users see their own photos and those of proposals they see"
on storage.objects for select
to authenticated
using (
  bucket_id = 'proposal-photos'
  and (
    (storage.foldername(name))[1] = (select auth.uid()::text)
    or exists (select 1 from public.proposals p where p.photo_path = objects.name)
  )
);

create policy "Residents upload photos into their own folder"
on storage.objects for insert
to authenticated
with check (
  bucket_id = 'proposal-photos'
  and (storage.foldername(name))[1] = (select auth.uid()::text)
);

create policy "Residents replace photos in their own folder"
on storage.objects for update
to authenticated
using (
  bucket_id = 'proposal-photos'
  and (storage.foldername(name))[1] = (select auth.uid()::text)
)
with check (
  bucket_id = 'proposal-photos'
  and (storage.foldername(name))[1] = (select auth.uid()::text)
);

create policy "Residents delete photos in their own folder"
on storage.objects for delete
to authenticated
using (
  bucket_id = 'proposal-photos'
  and (storage.foldername(name))[1] = (select auth.uid()::text)
);
