-- Delivery bookkeeping of the moderation emails, for a deliverer that can fail (the city's SMTP
-- server): attempts, the last error, when to try again, and when it gave up. A row is pending while
-- sent_at and given_up_at are both null.

alter table private.notification_outbox
  add column attempts integer not null default 0,
  add column last_error text,
  add column next_attempt_at timestamptz,
  add column given_up_at timestamptz;

comment on column private.notification_outbox.given_up_at is
  'Set when delivery stopped being retried (address refused for good, or too many attempts); last_error says why.';

drop index private.notification_outbox_pending_idx;
create index notification_outbox_pending_idx on private.notification_outbox (id)
  where sent_at is null and given_up_at is null;
