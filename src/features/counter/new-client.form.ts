// The form of a client made at the counter (issue #19): the fields of self-registration (the
// PESEL as the tenant's rule asks) and a phone number, the document seen, a representative for
// a minor, how the client gets access, and the clerk's word that the client accepted the
// regulations.
import { z } from 'zod';
import type { TenantSettings } from '../../platform/tenancy/tenant.ts';
import { SUPPORTED_LOCALES } from '../../platform/i18n/locales.ts';
import {
  ACCESS_METHODS,
  DOCUMENT_TYPES,
  emailAddress,
  nationalIdField,
  personName,
  REPRESENTATIVE_RELATIONS,
} from '../accounts/index.ts';
import { blankless, phoneNumber } from './client-details.form.ts';

export function newClientForm(nationalId: TenantSettings['nationalId']) {
  const pesel = nationalIdField(nationalId);
  return z
    .object({
      firstName: personName,
      lastName: personName,
      ...(pesel ? { pesel } : {}),
      email: blankless(emailAddress),
      phone: phoneNumber,
      locale: z.enum(SUPPORTED_LOCALES, 'adminClients:new.chooseLanguage'),
      documentType: z.enum(DOCUMENT_TYPES, 'adminClients:new.chooseDocument'),
      // The last four characters of the number, as printed: letters in capitals.
      documentEnding: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{4}$/, 'adminClients:new.documentEndingFormat'),
      representativeName: blankless(personName),
      representativeRelation: z
        .enum(REPRESENTATIVE_RELATIONS, 'adminClients:new.chooseRelation')
        .optional()
        .or(z.literal('').transform(() => undefined)),
      access: z.enum(ACCESS_METHODS, 'adminClients:new.chooseAccess'),
      accepted: z.literal('yes', 'adminClients:new.acceptedRequired'),
    })
    .superRefine((form, context) => {
      if (form.access === 'link' && !form.email) {
        context.addIssue({ code: 'custom', path: ['email'], message: 'adminClients:new.emailForLink' });
      }
      if (form.representativeName && !form.representativeRelation) {
        context.addIssue({
          code: 'custom',
          path: ['representativeRelation'],
          message: 'adminClients:new.chooseRelation',
        });
      }
      if (form.representativeRelation && !form.representativeName) {
        context.addIssue({
          code: 'custom',
          path: ['representativeName'],
          message: 'adminClients:new.representativeName',
        });
      }
    });
}
