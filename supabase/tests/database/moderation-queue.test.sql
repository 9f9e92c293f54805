-- moderation (issue 5): the agents' queue, actions inside and outside their districts, the email
-- outbox (filled by the actions, private, no identities), and the log that nobody may rewrite.
begin;
set local search_path = public, extensions, tests;
select plan(43);
select tests.world();

-- Three residents report 'fresh' (centro-storico): the threshold (3) hides it automatically.
select tests.create_user('r1');
select tests.create_user('r2');
select tests.create_user('r3');
insert into reports (reporter_id, proposal_id, reason, details) values
  (tests.id('r1'), tests.fx('fresh'), 'spam', 'Advert for a shop'),
  (tests.id('r2'), tests.fx('fresh'), 'spam', ''),
  (tests.id('r3'), tests.fx('fresh'), 'offensive', '');
insert into reports (reporter_id, proposal_id, comment_id, reason) values (tests.id('r1'), tests.fx('published'), tests.fx('comment'), 'offensive');
insert into reports (reporter_id, proposal_id, reason) values (tests.id('r1'), tests.fx('elsewhere'), 'spam');

-- ------------------------------------------------------------------ the queue
create function pg_temp.queue_of(p_actor text) returns setof text language plpgsql as $$
begin
  perform tests.act_as(p_actor);
  return query select q.target_type || ':' || q.proposal_id || ':' || coalesce(q.comment_id::text, '-') from moderation_queue() q;
  perform tests.act_as('postgres');
end $$;

select set_eq($$select pg_temp.queue_of('agent')$$, array[
  'proposal:' || tests.fx('fresh') || ':-', 'proposal:' || tests.fx('pending') || ':-',
  'proposal:' || tests.fx('published') || ':-', 'comment:' || tests.fx('published') || ':' || tests.fx('comment')],
  'the agent''s queue: reported proposals and comments and the pending proposal of centro-storico');
select tests.act_as('postgres');
select set_eq($$select pg_temp.queue_of('agent_other')$$, array['proposal:' || tests.fx('elsewhere') || ':-'],
  'the other agent sees only campo-di-marte');
select tests.act_as('postgres');
select is_empty($$select pg_temp.queue_of('other')$$, 'a resident''s queue is empty, even with reports of their own');
select tests.act_as('postgres');
select is_empty($$select pg_temp.queue_of('author')$$, 'an author with a pending proposal has no queue');
select tests.act_as('postgres');
select is(tests.outcome('anon', $$select moderation_queue()$$), 'grant', 'anon cannot call the queue');

select tests.act_as('agent');
select is((select moderation_state::text from moderation_queue() where proposal_id = tests.fx('fresh') and comment_id is null),
  'hidden', 'the reported proposal is in the queue already hidden');
select is((select reporters from moderation_queue() where proposal_id = tests.fx('fresh') and comment_id is null), 3,
  'with the number of reporters');
select is((select reasons from moderation_queue() where proposal_id = tests.fx('fresh') and comment_id is null),
  '{"spam": 2, "offensive": 1}'::jsonb, 'and the count per reason');
select is((select details from moderation_queue() where proposal_id = tests.fx('fresh') and comment_id is null),
  array['Advert for a shop'], 'and what reporters wrote, without who they are');
select tests.act_as('postgres');

-- ------------------------------------------------------------------ outside their districts: nothing happens
delete from private.notification_outbox;
select is(tests.outcome('agent_other', $$select moderate_proposal(tests.fx('fresh'), 'restore', 'compliant')$$),
  'error:not_moderator', 'agent_other cannot restore a proposal of centro-storico');
select is(tests.outcome('agent_other', $$select set_proposal_status(tests.fx('published'), 'accepted', 'Yes')$$),
  'error:not_moderator', 'nor answer one');
select is(tests.outcome('agent_other', $$select mark_duplicate(tests.fx('fresh'), tests.fx('published'))$$),
  'error:not_moderator', 'nor mark one as a duplicate');
select is(tests.outcome('agent_other', $$select correct_proposal(tests.fx('published'), tests.fx('unused_category'))$$),
  'error:not_moderator', 'nor change its category');
select is(tests.outcome('agent_other', $$select moderate_comment(tests.fx('comment'), 'hide', 'offensive')$$),
  'error:not_moderator', 'nor hide a comment there');
select is(tests.outcome('agent_other', $$select moderate_proposal(tests.fx('pending'), 'publish', 'compliant')$$),
  'error:not_moderator', 'nor publish a pending one');
select is((select moderation_state::text from proposals where id = tests.fx('fresh')), 'hidden', 'the proposal is still hidden');
select is((select (status, official_answer, duplicate_of, category_id)::text from proposals where id = tests.fx('published')),
  (select ('new', null::text, null::bigint, c.id)::text from categories c where c.slug = 'mobility'), 'its status, answer, link and category are unchanged');
select is((select count(*)::integer from reports where proposal_id = tests.fx('fresh') and resolution = 'open'), 3, 'its reports stay open');
select is((select count(*)::integer from moderation_actions where actor_id = tests.id('agent_other')), 1,
  'nothing was logged for the refused actions (only the fixture entry)');
select is_empty($$select id from private.notification_outbox$$, 'and nobody was emailed');

-- ------------------------------------------------------------------ inside: actions, log and emails
select tests.act_as('agent');
select lives_ok($$select moderate_proposal(tests.fx('fresh'), 'restore', 'compliant', 'Not spam')$$, 'the agent restores it');
select tests.act_as('postgres');
select is((select moderation_state::text from proposals where id = tests.fx('fresh')), 'published', 'it is public again');
select is((select kind from private.notification_outbox where recipient_id = tests.id('other')), 'proposal_restored',
  'its author gets a "restored" email');
select is((select count(*)::integer from private.notification_outbox where kind = 'report_outcome'
  and payload ->> 'outcome' = 'dismissed' and recipient_id in (tests.id('r1'), tests.id('r2'), tests.id('r3'))), 3,
  'each of the three reporters learns the outcome');
select is_empty($$select p from private.notification_outbox o, jsonb_object_keys(o.payload) p
  where p not in ('title', 'reason', 'status', 'answer', 'original_id', 'original_title', 'target', 'outcome')$$,
  'the emails carry what happened, never who acted or reported');
select is_empty($$select o.id from private.notification_outbox o where o.payload::text like '%' || tests.id('agent') || '%'
  or o.payload::text like '%' || tests.id('r1') || '%' or o.payload::text like '%agent%'$$, 'no agent or reporter identity in any payload');

select tests.act_as('agent');
select lives_ok($$select moderate_proposal(tests.fx('fresh'), 'hide', 'offensive', 'Insults')$$, 'then hides it with a reason');
select lives_ok($$select set_proposal_status(tests.fx('published'), 'under_study', 'The city studies it.')$$, 'answers another');
select lives_ok($$select mark_duplicate(tests.fx('fresh'), tests.fx('published'), 'Same idea')$$, 'marks the first a duplicate of it');
select tests.act_as('postgres');
select is((select array_agg(action::text order by id) from moderation_actions where proposal_id in (tests.fx('fresh'), tests.fx('published'))
  and actor_id = tests.id('agent')), array['restore', 'hide', 'set_status', 'mark_duplicate'], 'every action is in the log, in order');
select is((select array_agg(kind order by id) from private.notification_outbox where recipient_id = tests.id('other')),
  array['proposal_restored', 'proposal_hidden', 'proposal_duplicate'], 'the author of the first was emailed each time');
select is((select payload ->> 'original_title' from private.notification_outbox where kind = 'proposal_duplicate'), 'Published proposal',
  'the duplicate email names the original');
select is((select payload from private.notification_outbox where kind = 'proposal_status'),
  '{"title": "Published proposal", "status": "under_study", "answer": "The city studies it."}'::jsonb,
  'the author of the answered one gets the status and the answer');
select is((select locale from private.notification_outbox where kind = 'proposal_status'), null,
  'no language on the account: the notifier uses the city''s');

-- An account that states its language gets its emails in that language.
update auth.users set raw_user_meta_data = raw_user_meta_data || '{"locale":"fr"}' where id = tests.id('author');
select tests.act_as('admin');
select lives_ok($$select set_proposal_status(tests.fx('hidden'), 'declined', 'Non.')$$, 'an admin answers the author''s proposal');
select tests.act_as('postgres');
select is((select locale from private.notification_outbox where recipient_id = tests.id('author') and proposal_id = tests.fx('hidden')), 'fr',
  'in the language the account asked for');

update proposals set status = 'realised' where id = tests.fx('elsewhere');
select is_empty($$select id from private.notification_outbox where proposal_id = tests.fx('elsewhere')$$,
  'maintenance without an API caller (seeding, operators'' SQL) emails nobody');

-- ------------------------------------------------------------------ the outbox is private
select is(tests.outcome('agent', $$select 1 from private.notification_outbox$$), 'grant', 'an agent cannot read the outbox');
select is(tests.outcome('other', $$select 1 from private.notification_outbox$$), 'grant', 'nor can its recipient');
select is(tests.outcome('anon', $$select 1 from private.notification_outbox$$), 'grant', 'nor anon');
select is(tests.outcome('service_role', $$select 1 from private.notification_outbox$$), 'grant', 'nor the API''s service role');
select is(tests.outcome('admin', $$delete from private.notification_outbox$$), 'grant', 'nor can an admin delete from it');
select is(tests.outcome('agent', $$update moderation_actions set note = 'x' where actor_id = tests.id('agent')$$), 'grant',
  'and the agent cannot rewrite their own log entries');

select * from finish();
rollback;
