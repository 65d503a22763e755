// The portal's tenant settings: the terms of the e-services. Listed in the manifest; their
// type joins TenantSettings below.
import { z } from 'zod';

export const PORTAL_SETTINGS = {
  /**
   * The regulations a client accepts when registering: the version recorded with each
   * acceptance, and where the text is (the tenant's own site); without a URL, the portal's
   * own terms of the e-services at /{slug}/regulations.
   */
  regulations: z
    .object({
      version: z.string().trim().min(1).max(50).default('2026-11'),
      url: z.url({ protocol: /^https?$/ }).optional(),
    })
    .prefault({}),
};

declare module '../../platform/tenancy/tenant.ts' {
  interface TenantSettings extends z.infer<z.ZodObject<typeof PORTAL_SETTINGS>> {}
}
