-- votes: the RLS matrix, one vote per person, exact counters, when voting is open.
begin;
set local search_path = public, extensions, tests;
select plan(96);
select tests.world();

-- ------------------------------------------------------------------ RLS matrix
select * from tests.matrix('votes', 'select', 'the author''s vote',
  $$select 1 from votes where proposal_id = tests.fx('published') and voter_id = tests.id('author')$$,
  'anon=grant author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');

select * from tests.matrix('votes', 'insert', 'a vote in their own name',
  $$insert into votes (proposal_id, voter_id, value) values (tests.fx('fresh'), coalesce(auth.uid(), tests.id('author')), 1)$$,
  'anon=grant author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');

select * from tests.matrix('votes', 'insert', 'a vote in the planner''s name',
  $$insert into votes (proposal_id, voter_id, value) values (tests.fx('fresh'), tests.id('planner'), 1)$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=allowed admin=policy service_role=allowed');

select * from tests.matrix('votes', 'insert', 'a vote on a hidden proposal',
  $$insert into votes (proposal_id, voter_id, value) values (tests.fx('hidden'), coalesce(auth.uid(), tests.id('author')), 1)$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=policy admin=policy service_role=allowed');

select * from tests.matrix('votes', 'update', 'the author''s vote',
  $$update votes set value = -1 where proposal_id = tests.fx('published') and voter_id = tests.id('author')$$,
  'anon=grant author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');

select * from tests.matrix('votes', 'update', 'who voted',
  $$update votes set voter_id = tests.id('planner') where proposal_id = tests.fx('published') and voter_id = tests.id('author')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');

select * from tests.matrix('votes', 'delete', 'the author''s vote',
  $$delete from votes where proposal_id = tests.fx('published') and voter_id = tests.id('author')$$,
  'anon=grant author=allowed other=filtered agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');

-- ------------------------------------------------------------------ rules
select is(tests.outcome('author', $$insert into votes (proposal_id, value) values (tests.fx('published'), 1)$$),
  'constraint:votes_one_per_person', 'one vote per person and proposal (votes_one_per_person)');
select is(tests.outcome('agent', $$insert into votes (proposal_id, value) values (tests.fx('published'), 0)$$),
  'constraint:votes_value_agree_or_disagree', 'a vote is +1 or -1');
select is(tests.outcome('agent', $$insert into votes (proposal_id, value) values (tests.fx('published'), 2)$$),
  'constraint:votes_value_agree_or_disagree', 'not +2');

-- ------------------------------------------------------------------ counters
select is((select array[agree_count, disagree_count] from proposals where id = tests.fx('published')), array[1, 1],
  'the counters start from the world''s two votes');
select tests.act_as('agent');
insert into votes (proposal_id, value) values (tests.fx('published'), 1);
select tests.act_as('author');
update votes set value = -1 where proposal_id = tests.fx('published') and voter_id = (select auth.uid());
select tests.act_as('other');
delete from votes where proposal_id = tests.fx('published') and voter_id = (select auth.uid());
select tests.act_as('postgres');
select is((select array[agree_count, disagree_count] from proposals where id = tests.fx('published')), array[1, 1],
  'insert, change and withdraw keep the counters exact');
select is((select array[agree_count, disagree_count] from proposals where id = tests.fx('published')),
  (select array[count(*) filter (where value = 1), count(*) filter (where value = -1)]::int[] from votes where proposal_id = tests.fx('published')),
  'the counters equal the rows');
select is((select voter_id from votes where proposal_id = tests.fx('published') and value = 1), tests.id('agent'),
  'the voter is the caller (default auth.uid())');

-- cast_vote: one call to vote, change or withdraw.
select tests.act_as('planner');
select is((cast_vote(tests.fx('fresh'), 1) ->> 'agree')::int, 1, 'cast_vote +1');
select is((cast_vote(tests.fx('fresh'), 1) ->> 'vote')::int, 1, 'cast_vote answers the stored vote');
select is((cast_vote(tests.fx('fresh'), -1) ->> 'disagree')::int, 1, 'cast_vote changes the vote');
select is((cast_vote(tests.fx('fresh'), -1) ->> 'disagree')::int, 1, 'casting the same vote again changes nothing');
select is((cast_vote(tests.fx('fresh'), null) ->> 'disagree')::int, 0, 'cast_vote null withdraws it');
select is(cast_vote(tests.fx('fresh'), null) ->> 'vote', null, 'after a withdrawal the stored vote is none');
select tests.act_as('postgres');
select is((select count(*)::int from votes where proposal_id = tests.fx('fresh')), 0, 'no vote left');
select tests.expect('anon', $$select cast_vote(tests.fx('fresh'), 1)$$, 'grant', 'anon cannot call cast_vote');
select tests.expect('author', $$select cast_vote(tests.fx('hidden'), 1)$$, 'error:voting_closed',
  'cast_vote on the author''s own hidden proposal: voting_closed');
select tests.expect('other', $$select cast_vote(tests.fx('hidden'), 1)$$, 'error:proposal_not_found',
  'cast_vote on a proposal the caller cannot read: proposal_not_found');
select tests.expect('other', $$select cast_vote(-1, 1)$$, 'error:proposal_not_found', 'cast_vote on no proposal: proposal_not_found');

-- ------------------------------------------------------------------ when voting is closed
update proposals set status = 'declined' where id = tests.fx('published');
select tests.expect('author', $$update votes set value = 1 where proposal_id = tests.fx('published') and voter_id = auth.uid()$$,
  'filtered', 'a declined proposal: votes cannot change');
select tests.expect('author', $$delete from votes where proposal_id = tests.fx('published') and voter_id = auth.uid()$$,
  'filtered', 'a declined proposal: votes cannot be withdrawn');
select tests.expect('planner', $$insert into votes (proposal_id, value) values (tests.fx('published'), 1)$$,
  'policy', 'a declined proposal: no new votes');
select tests.expect('author', $$select cast_vote(tests.fx('published'), null)$$, 'error:voting_closed',
  'a declined proposal: cast_vote refuses a withdrawal with voting_closed');
select is(private.voting_closed_reason(tests.fx('published')), 'finished', 'the reason: finished');
update proposals set status = 'realised' where id = tests.fx('published');
select tests.expect('planner', $$insert into votes (proposal_id, value) values (tests.fx('published'), 1)$$,
  'policy', 'a realised proposal: no new votes');
update proposals set status = 'accepted' where id = tests.fx('published');
select tests.expect('planner', $$insert into votes (proposal_id, value) values (tests.fx('published'), 1)$$,
  'allowed', 'an accepted proposal still takes votes');
update proposals set duplicate_of = tests.fx('fresh') where id = tests.fx('published');
select tests.expect('planner', $$insert into votes (proposal_id, value) values (tests.fx('published'), 1)$$,
  'policy', 'a duplicate: no new votes');
select is(private.voting_closed_reason(tests.fx('published')), 'duplicate', 'the reason: duplicate');
update proposals set duplicate_of = null where id = tests.fx('published');
update city_settings set voting_open = false;
select tests.expect('planner', $$insert into votes (proposal_id, value) values (tests.fx('published'), 1)$$,
  'policy', 'the city closed voting: no new votes');
select tests.expect('author', $$delete from votes where proposal_id = tests.fx('published') and voter_id = auth.uid()$$,
  'filtered', 'the city closed voting: no withdrawal');
select is(private.voting_closed_reason(tests.fx('published')), 'city', 'the reason: the city closed voting');
select is(private.voting_closed_reason(tests.fx('hidden')), 'unpublished', 'the reason: unpublished');
-- Withdrawing while voting is closed is refused by name, and the vote and the counters stay.
select is((select array[agree_count, disagree_count] from proposals where id = tests.fx('published')), array[1, 1],
  'before the refused withdrawal: the author''s vote is counted');
select tests.expect('author', $$select cast_vote(tests.fx('published'), null)$$, 'error:voting_closed',
  'the city closed voting: cast_vote refuses a withdrawal with voting_closed');
select tests.expect('author', $$select cast_vote(tests.fx('published'), 1)$$, 'error:voting_closed',
  'the city closed voting: cast_vote refuses a change with voting_closed');
select tests.expect('planner', $$select cast_vote(tests.fx('published'), 1)$$, 'error:voting_closed',
  'the city closed voting: cast_vote refuses a new vote with voting_closed');
select is((select value::int from votes where proposal_id = tests.fx('published') and voter_id = tests.id('author')), -1,
  'the refused withdrawal left the author''s vote in place');
select is((select array[agree_count, disagree_count] from proposals where id = tests.fx('published')), array[1, 1],
  'the refused withdrawal left the counters as they were');
update city_settings set voting_open = true;
select is(private.voting_closed_reason(tests.fx('published')), null, 'voting open again: no reason');

-- Deleting a proposal removes its votes; deleting an account removes that person's votes.
delete from auth.users where id = tests.id('other');
select is((select array[agree_count, disagree_count] from proposals where id = tests.fx('published')),
  (select array[count(*) filter (where value = 1), count(*) filter (where value = -1)]::int[] from votes where proposal_id = tests.fx('published')),
  'deleting an account keeps the counters equal to the rows');
delete from proposals where id = tests.fx('published');
select is((select count(*)::int from votes where proposal_id = tests.fx('published')), 0, 'deleting a proposal deletes its votes');

select * from finish();
rollback;
