-- comments: the RLS matrix, visibility follows the proposal, comment counter.
begin;
set local search_path = public, extensions, tests;
select plan(76);
select tests.world();

select * from tests.matrix('comments', 'select', 'a published comment',
  $$select 1 from comments where id = tests.fx('comment')$$,
  'anon=allowed author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');

select * from tests.matrix('comments', 'select', 'a hidden comment (written by other)',
  $$select 1 from comments where id = tests.fx('hidden_comment')$$,
  'anon=filtered author=filtered other=allowed agent=allowed agent_other=filtered planner=filtered admin=allowed service_role=allowed');

select * from tests.matrix('comments', 'insert', 'a comment in their own name',
  $$insert into comments (proposal_id, author_id, body) values (tests.fx('published'), coalesce(auth.uid(), tests.id('author')), 'Me too')$$,
  'anon=grant author=allowed other=allowed agent=allowed agent_other=allowed planner=allowed admin=allowed service_role=allowed');

select * from tests.matrix('comments', 'insert', 'a comment in other''s name',
  $$insert into comments (proposal_id, author_id, body) values (tests.fx('published'), tests.id('other'), 'Spoofed')$$,
  'anon=grant author=policy other=allowed agent=policy agent_other=policy planner=policy admin=policy service_role=allowed');

select * from tests.matrix('comments', 'insert', 'a comment on a hidden proposal',
  $$insert into comments (proposal_id, author_id, body) values (tests.fx('hidden'), coalesce(auth.uid(), tests.id('author')), 'Hello')$$,
  'anon=grant author=policy other=policy agent=policy agent_other=policy planner=policy admin=policy service_role=allowed');

select * from tests.matrix('comments', 'update', 'the text of other''s comment',
  $$update comments set body = 'Edited' where id = tests.fx('comment')$$,
  'anon=grant author=filtered other=allowed agent=filtered agent_other=filtered planner=filtered admin=filtered service_role=allowed');

select * from tests.matrix('comments', 'update', 'the moderation state of a comment',
  $$update comments set moderation_state = 'published' where id = tests.fx('hidden_comment')$$,
  'anon=grant author=grant other=grant agent=grant agent_other=grant planner=grant admin=grant service_role=allowed');

select * from tests.matrix('comments', 'delete', 'other''s comment',
  $$delete from comments where id = tests.fx('comment')$$,
  'anon=grant author=filtered other=allowed agent=filtered agent_other=filtered planner=filtered admin=allowed service_role=allowed');

-- Comments on a proposal that is not public are not public either.
insert into comments (proposal_id, author_id, body) values (tests.fx('hidden'), tests.id('other'), 'Comment under a hidden proposal');
select tests.expect('anon', $$select 1 from comments where body = 'Comment under a hidden proposal'$$, 'filtered',
  'anon does not see comments of a hidden proposal');
select tests.expect('planner', $$select 1 from comments where body = 'Comment under a hidden proposal'$$, 'filtered',
  'another resident does not either');
select tests.expect('other', $$select 1 from comments where body = 'Comment under a hidden proposal'$$, 'allowed',
  'its writer does');
select tests.expect('agent', $$select 1 from comments where body = 'Comment under a hidden proposal'$$, 'allowed',
  'the agent of the district does');

select is(tests.outcome('author', $$insert into comments (proposal_id, body) values (tests.fx('published'), '   ')$$),
  'constraint:comments_body_length', 'an empty comment is refused');
select is(tests.outcome('author', $$insert into comments (proposal_id, body) values (tests.fx('published'), repeat('x', 2001))$$),
  'constraint:comments_body_length', 'a comment has at most 2000 characters');

-- comment_count counts published comments.
select is((select comment_count from proposals where id = tests.fx('published')), 1, 'one published comment in the world');
select tests.act_as('planner');
insert into comments (proposal_id, body) values (tests.fx('published'), 'Planner here');
select tests.act_as('postgres');
select is((select comment_count from proposals where id = tests.fx('published')), 2, 'a new comment counts');
select is((select author_id from comments where body = 'Planner here'), tests.id('planner'), 'the writer is the caller');
select tests.act_as('other');
update comments set body = 'Edited by its writer' where id = tests.fx('comment');
select tests.act_as('postgres');
select isnt((select edited_at from comments where id = tests.fx('comment')), null, 'an edited comment is marked edited');
select tests.act_as('agent');
select moderate_comment(tests.fx('comment'), 'hide', 'offensive', 'Rude');
select tests.act_as('postgres');
select is((select comment_count from proposals where id = tests.fx('published')), 1, 'a hidden comment no longer counts');
select tests.act_as('other');
delete from comments where id = tests.fx('comment');
select tests.act_as('planner');
delete from comments where body = 'Planner here';
select tests.act_as('postgres');
select is((select comment_count from proposals where id = tests.fx('published')), 0, 'deleted comments no longer count');

select * from finish();
rollback;
