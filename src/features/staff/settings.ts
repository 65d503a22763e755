// The staff's tenant settings. TOTP is required for staff by default; only a portal outside
// production may turn it off (the password alone then signs in a member not yet enrolled, and one
// enrolled is still asked for the code). tenant:set refuses the setting in production, and a
// production portal ignores it if it is there all the same (written in SQL, or carried over).
import { z } from 'zod';

export const STAFF_SETTINGS = {
  staffTotpRequired: z.boolean().default(true),
};

/** Whether a member must have the second factor: always in production, else as the tenant says. */
export function totpRequired(settings: { staffTotpRequired: boolean }, production: boolean): boolean {
  return production || settings.staffTotpRequired;
}

declare module '../../platform/tenancy/tenant.ts' {
  interface TenantSettings extends z.infer<z.ZodObject<typeof STAFF_SETTINGS>> {}
}
