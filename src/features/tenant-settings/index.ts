// The tenant's settings, as its managers edit them (issue #19): the password policy and
// registration, the sessions' timeouts, the lockout, the contact details, the front desks and
// their opening hours, the modules and the branding, each group a form under /admin/settings.
// The settings themselves are declared by the features that read them (their manifests'
// `settings`) and checked here with the registry's own schema; the tenant's row is written
// through change_own_tenant (platform/tenancy/own-tenant.ts), the front desks through the
// portal, which owns them. Every change is audited in its transaction.
import { defineFeature } from '../../platform/feature.ts';
import { desksRouter } from './desks.routes.ts';
import { settingsRouter } from './settings.routes.ts';

export const tenantSettings = defineFeature({
  name: 'tenant-settings',
  routers: ({ config, db, registry, secureCookies }) => ({
    tenantAdmin: [
      settingsRouter({ db, registry, secureCookies, production: config.env === 'production' }),
      desksRouter({ db, registry, secureCookies, production: config.env === 'production' }),
    ],
  }),
  templateLocals: [
    // a group's page: its fields, the values shown, what changed meanwhile, the modules, the
    // colour pairs measured, and whether production forbids turning TOTP off
    ...['groups', 'group', 'seen', 'changed', 'notice', 'modules', 'production', 'pairs', 'preview'],
    // the front desks: the list, and the desk edited
    ...['desks', 'desk'],
  ],
});
