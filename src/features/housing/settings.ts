// The housing feature's tenant settings (issue #21). The payee's NIP goes into the banks'
// payment QR code: the ZBP standard requires it when the payee is a company, which every
// cooperative and community is; without it the transfer form prints no code.
import { z } from 'zod';

export const HOUSING_SETTINGS = {
  payeeNip: z
    .string()
    .regex(/^\d{10}$/)
    .optional(),
};

declare module '../../platform/tenancy/tenant.ts' {
  interface TenantSettings extends z.infer<z.ZodObject<typeof HOUSING_SETTINGS>> {}
}
