// The staff's tenant settings. TOTP is required for staff by default; only a development
// tenant may turn it off (the password alone then signs in a member not yet enrolled, and one
// enrolled is still asked for the code).
import { z } from 'zod';

export const STAFF_SETTINGS = {
  staffTotpRequired: z.boolean().default(true),
};

declare module '../../platform/tenancy/tenant.ts' {
  interface TenantSettings extends z.infer<z.ZodObject<typeof STAFF_SETTINGS>> {}
}
