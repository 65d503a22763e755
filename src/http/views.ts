// EJS with one layout: a page template renders its main content, then layouts/main.ejs
// wraps it with the header, language switch and footer. Pass `layout: false` to skip it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { Express } from 'express';

export const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');
const layoutFile = path.join(viewsDir, 'layouts', 'main.ejs');

/** Every name a template may read from its locals; another name is a ReferenceError in tests. */
const TEMPLATE_LOCALS = [
  ...['ctx', 'title', 'body', 'status', 'stack'],
  ...['desks', 'desk', 'modules', 'tenants'],
  // forms: field errors, the values typed, and one field of partials/text-field
  ...['errors', 'values', 'field'],
  // the development mailbox
  ...['messages', 'message'],
  // registration (issue #5): the front-desk answer, and the set-password form
  ...['reason', 'client', 'rules', 'token'],
  // sign-in and the signed-in area (issue #6); partials/new-password-fields takes a label
  ...['next', 'signedOut', 'forced', 'changed', 'label'],
  // forgot password (issue #6): the sign-in page's notice after a reset
  ...['passwordReset'],
  // profile and e-mail change (issue #6)
  ...['profile', 'saved', 'pending', 'address', 'validHours'],
  // security and my data (issue #6): sessions, sign-in history, retention periods
  ...['sessions', 'events', 'successes', 'rows', 'caption', 'signedOutOthers', 'historyDays'],
];

type RenderCallback = (error: Error | null, html?: string) => void;

export function configureViews(app: Express, { cache }: { cache: boolean }): void {
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  if (cache) app.enable('view cache');
  app.engine('ejs', (file: string, options: object, done: RenderCallback) => {
    const data = options as Record<string, unknown>;
    // With the cache on (production), templates compile once and without line tracking.
    const ejsOptions = {
      cache,
      compileDebug: !cache,
      // No with(locals) {...}: names are bound once, so V8 can optimise the template functions.
      _with: false,
      strict: true,
      destructuredLocals: TEMPLATE_LOCALS,
      filename: file,
      root: viewsDir,
      views: [viewsDir],
      async: false,
    };
    ejs.renderFile(file, data, ejsOptions, (error: Error | null, body?: string) => {
      if (error) return done(error);
      if (data.layout === false) return done(null, body);
      ejs.renderFile(layoutFile, { ...data, body }, { ...ejsOptions, filename: layoutFile }, done);
    });
  });
}
