// The work a request does, counted rather than timed: the statements the app's database
// connection sends while it runs (knex's 'query' event, BEGIN and COMMIT included).
import type { Knex } from 'knex';

/** How many statements `db` sent while `send` ran; nothing else may use `db` meanwhile. */
export async function statementsSent(db: Knex, send: () => Promise<unknown>): Promise<number> {
  let sent = 0;
  const count = () => (sent += 1);
  db.on('query', count);
  try {
    await send();
  } finally {
    db.off('query', count);
  }
  return sent;
}
