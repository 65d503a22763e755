// The development mailbox at /_dev/mailbox: the mail the local SMTP catcher took
// (platform/mail/dev-catcher.ts). In development without a mail server only, as it shows
// every tenant's live links.
import { defineFeature } from '../../platform/feature.ts';
import { devMailboxRouter } from './dev-mailbox.routes.ts';

export const devMailbox = defineFeature({
  name: 'dev-mailbox',
  routers: ({ config }) => ({
    root: config.env === 'development' && !config.smtpUrl ? [devMailboxRouter(config.dataDir)] : [],
  }),
  templateLocals: ['messages', 'message'],
});
