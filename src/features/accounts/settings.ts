// The accounts' tenant settings: how clients register, sign in, and how long what they leave
// behind is kept. Listed in the manifest; their type joins TenantSettings below.
import { z } from 'zod';

export const ACCOUNT_SETTINGS = {
  passwordPolicy: z.enum(['nist', 'sports_centre']).default('nist'),
  selfRegistration: z.boolean().default(true),
  nationalId: z.enum(['required', 'optional', 'none']).default('none'),
  minimumAge: z.number().int().min(0).max(120).default(16),
  activationLinkHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  passwordResetMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  lockout: z
    .object({
      maxFailures: z.number().int().min(3).max(100).default(10),
      windowMinutes: z.number().int().min(1).default(15),
      lockMinutes: z.number().int().min(1).default(15),
    })
    .prefault({}),
  closedAccountRetentionDays: z.number().int().min(0).default(30),
  /** The tenant must keep closed accounts' data (e.g. by law): the worker never anonymises them. */
  keepClosedAccountData: z.boolean().default(false),
};

declare module '../../platform/tenancy/tenant.ts' {
  interface TenantSettings extends z.infer<z.ZodObject<typeof ACCOUNT_SETTINGS>> {}
}
