-- City-independent seed data: the categories and the settings row. Idempotent (the local stack
-- runs it again on every start while no account exists). Districts come from the city pack.

insert into public.city_settings (id) values (true) on conflict (id) do nothing;

insert into public.categories (slug, label_fr, label_en, color, icon, sort_order)
values
  ('mobility', 'Mobilité et transports', 'Mobility and transport', '#2563eb', 'bus', 10),
  ('cycling-walking', 'Vélo et marche', 'Cycling and walking', '#16a34a', 'bike', 20),
  ('nature', 'Nature et espaces verts', 'Nature and green spaces', '#15803d', 'tree', 30),
  ('public-space', 'Espace public', 'Public space', '#9333ea', 'bench', 40),
  ('housing', 'Logement', 'Housing', '#b45309', 'home', 50),
  ('culture-sport', 'Culture, sport et loisirs', 'Culture, sport and leisure', '#db2777', 'theatre', 60),
  ('safety-cleanliness', 'Sécurité et propreté', 'Safety and cleanliness', '#dc2626', 'shield', 70),
  ('shops-services', 'Commerces et services', 'Shops and services', '#0891b2', 'shop', 80),
  ('other', 'Autre', 'Other', '#6b7280', 'dots', 90)
on conflict (slug) do nothing;
