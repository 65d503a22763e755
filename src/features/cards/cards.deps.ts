// What the cards context's services are run with.
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.ts';
import type { MailOutbox } from '../../platform/mail/outbox.ts';

export interface CardsDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
}
