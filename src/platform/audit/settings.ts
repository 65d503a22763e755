// How long a tenant keeps its audit log: a platform setting of every tenant (tenant.ts), read
// by the database itself (audit_retention_days(), migration 20261208000100), which refuses the
// worker's purge anything younger, so the number below is also written there.
//
// Seven years by default. A client who says a clerk misused their data has a claim that lapses
// after six years (art. 118 of the Polish Civil Code, the general period since 2018), counted to
// the end of a calendar year, so up to almost seven years after the act: the log is the tenant's
// evidence for that long. A tenant under a longer rule (the ten-year bound of art. 442¹ for
// damage) or a shorter one sets its own; never under a year, which would leave too little to
// answer a complaint with. 2557 days: seven years of 365 days and the two leap days they can hold.
import { z } from 'zod';

export const DEFAULT_AUDIT_RETENTION_DAYS = 2557;

export const AUDIT_SETTINGS = {
  audit: z
    .object({
      retentionDays: z.number().int().min(365).max(36_500).default(DEFAULT_AUDIT_RETENTION_DAYS),
    })
    .prefault({}),
};
