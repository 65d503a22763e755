// The housing feature's tenant settings (issue #21), edited by managers on the settings page's
// housing group (features/tenant-settings/groups.ts). The payee's NIP goes into the banks'
// payment QR code: the ZBP standard requires it when the payee is a company, which every
// cooperative and community is; without it the transfer form prints no code. The account-number
// template is the tenant's bank scheme of individual accounts (lib/nrb.ts): with a sorting
// code set, each new premises gets the template's next number; without one, the next number
// of the list imported from the bank (account-numbers/).
import { z } from 'zod';
import { isSortingCode, type NrbTemplate } from '../../lib/nrb.ts';

export const HOUSING_SETTINGS = {
  payeeNip: z
    .string()
    .regex(/^\d{10}$/, 'housingStaff:settings.nip')
    .optional(),
  accountSortingCode: z.string().refine(isSortingCode, 'housingStaff:settings.sortingCode').optional(),
  accountPrefix: z
    .string()
    .regex(/^\d{0,15}$/, 'housingStaff:settings.prefix')
    .optional(),
};

declare module '../../platform/tenancy/tenant.ts' {
  interface TenantSettings extends z.infer<z.ZodObject<typeof HOUSING_SETTINGS>> {}
}

/** The tenant's account-number template, when it has one (a sorting code set). */
export function accountNumberTemplate(settings: {
  accountSortingCode?: string;
  accountPrefix?: string;
}): NrbTemplate | undefined {
  if (settings.accountSortingCode === undefined) return undefined;
  return { sortingCode: settings.accountSortingCode, prefix: settings.accountPrefix ?? '' };
}
