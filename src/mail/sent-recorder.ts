// Records sent mails in groups: the first sent mail is written at once, and those sent while
// that write is under way go together in the next one (group commit). Under load that is
// one UPDATE and one WAL flush for many mails; when quiet, each mail is recorded at once,
// which keeps short the window in which a dying worker has sent a mail but not recorded it
// (such a mail is sent again after the lease, with the same Message-ID).
import type { Knex } from 'knex';
import type { Clock } from '../lib/clock.ts';

interface Pending {
  tenantId: string;
  id: string;
  done: (error?: unknown) => void;
}

export class SentRecorder {
  private pending: Pending[] = [];
  private writing = false;

  private readonly db: Knex;
  private readonly workerId: string;
  private readonly clock: Clock;

  constructor({ db, workerId, clock }: { db: Knex; workerId: string; clock: Clock }) {
    this.db = db;
    this.workerId = workerId;
    this.clock = clock;
  }

  record(tenantId: string, id: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ tenantId, id, done: (error) => (error ? reject(error) : resolve()) });
      this.writeNext();
    });
  }

  private writeNext(): void {
    if (this.writing || this.pending.length === 0) return;
    const group = this.pending.splice(0);
    this.writing = true;
    // Sent: the content (and any live link in it) is erased with the same statement.
    this.db
      .raw(
        `UPDATE mail_outbox AS o
            SET status = 'sent', sealed_params = NULL, finished_at = ?, last_error = NULL,
                locked_until = NULL, locked_by = NULL
           FROM unnest(?::uuid[], ?::uuid[]) AS s (tenant_id, id)
          WHERE o.tenant_id = s.tenant_id AND o.id = s.id AND o.locked_by = ?`,
        [this.clock.now(), group.map((p) => p.tenantId), group.map((p) => p.id), this.workerId],
      )
      .then(
        () => group.forEach((p) => p.done()),
        (error: unknown) => group.forEach((p) => p.done(error)),
      )
      .finally(() => {
        this.writing = false;
        this.writeNext();
      });
  }
}
