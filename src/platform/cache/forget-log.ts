// What the in-memory caches that PostgreSQL's NOTIFY makes forget (the session cache, the
// tenant data cache) share: a load's ticket, and the log of what was forgotten while loads were
// under way, so that a row read before a commit never outlives that commit in memory.

/** A load's start: the epoch then, and the time (loads too slow to judge are not kept). */
export interface LoadTicket {
  epoch: number;
  startedAt: number;
}

/** How long a forgetting is remembered for the loads under way; a slower load is not kept. */
export const FORGET_LOG_MS = 10_000;

/** Ids with the epoch and time they were last forgotten, oldest first, kept for FORGET_LOG_MS. */
export class ForgetLog {
  private readonly forgotten = new Map<string, { epoch: number; at: number }>();

  note(id: string, epoch: number, at: number): void {
    // Deleted first, so the map stays in time order and the oldest can be pruned from its front.
    this.forgotten.delete(id);
    this.forgotten.set(id, { epoch, at });
    for (const [oldest, { at: then }] of this.forgotten) {
      if (at - then < FORGET_LOG_MS) break;
      this.forgotten.delete(oldest);
    }
  }

  /** Whether the id was forgotten after a load that started at this epoch. */
  since(id: string, epoch: number): boolean {
    return (this.forgotten.get(id)?.epoch ?? -1) > epoch;
  }

  clear(): void {
    this.forgotten.clear();
  }
}
