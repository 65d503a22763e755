// Records sent mails in groups (group commit): a sent mail waits at most LINGER_MS for others
// to join it, and those sent while a write is under way go together in the next one. Under
// load that is one UPDATE and one WAL flush for dozens of mails instead of one each; the
// window in which a dying worker has sent a mail but not recorded it stays a few
// milliseconds long (such a mail is sent again after the lease, with the same Message-ID).
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.ts';

const LINGER_MS = 10;

interface Pending {
  tenantId: string;
  id: string;
  done: (error?: unknown) => void;
}

export class SentRecorder {
  private pending: Pending[] = [];
  private writing = false;
  private lingering: NodeJS.Timeout | undefined;

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
      this.writeSoon();
    });
  }

  private writeSoon(): void {
    if (this.writing || this.lingering || this.pending.length === 0) return;
    this.lingering = setTimeout(() => {
      this.lingering = undefined;
      this.writeNext();
    }, LINGER_MS);
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
        this.writeSoon();
      });
  }
}
