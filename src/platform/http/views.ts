// EJS with one layout: a page template renders its main content, then layouts/main.ejs
// wraps it with the header, language switch and footer. Pass `layout: false` to skip it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs, { type TemplateFunction } from 'ejs';
import type { Express } from 'express';

export const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../views');
const layoutFile = path.join(viewsDir, 'layouts', 'main.ejs');

/**
 * The names every page may read from its locals (the layout's, the error page's, the forms'
 * partials); each feature's manifest adds its own. Another name is a ReferenceError in tests.
 */
const PLATFORM_LOCALS = [
  // `view` is the page's template ("tenant/home"), set by the engine for the layout
  ...['ctx', 'title', 'body', 'view', 'status', 'stack'],
  // the 429 page: when the limit lets the visitor try again
  ...['tryAgain'],
  // forms: field errors, the values typed, one field of partials/text-field, one group of partials/radio-group
  ...['errors', 'values', 'field', 'group'],
];
// Two render options are the engine's own, never a local of any page: `pageHtml` (a page
// rendered before, used instead of its template) and `keepPage` (given the page just rendered).

type RenderCallback = (error: Error | null, html?: string) => void;

export function configureViews(app: Express, { cache, locals }: { cache: boolean; locals: readonly string[] }): void {
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  if (cache) app.enable('view cache');
  const ejsOptions = {
    // With the cache on (production), templates (and their includes) compile once and
    // without line tracking.
    cache,
    compileDebug: !cache,
    // No with(locals) {...}: names are bound once, so V8 can optimise the template functions.
    _with: false,
    strict: true,
    destructuredLocals: [...new Set([...PLATFORM_LOCALS, ...locals])],
    root: viewsDir,
    views: [viewsDir],
    async: false,
    // The locals are express's render options, a fresh object per render that only our code
    // fills, and templates read only the names above: EJS's defensive copy of them into a
    // null-prototype object on every render is skipped. (Options never come from the locals:
    // they are fixed here, which is what closes the "view options" injection EJS guards against.)
    unsafePrototypeLocals: true,
  };
  // Compiled page templates by file, so a render is one function call rather than
  // ejs.renderFile's option copying and cache look-up; read again each time without the cache.
  const compiled = new Map<string, TemplateFunction>();
  const template = (file: string): TemplateFunction => {
    let fn = compiled.get(file);
    if (!fn) {
      fn = ejs.compile(readFileSync(file, 'utf8'), { ...ejsOptions, filename: file }) as TemplateFunction;
      if (cache) compiled.set(file, fn);
    }
    return fn;
  };
  // The page's name as the layout knows it ("tenant/home"), worked out once per file.
  const viewNames = new Map<string, string>();
  const viewName = (file: string): string => {
    let name = viewNames.get(file);
    if (name === undefined) viewNames.set(file, (name = path.relative(viewsDir, file).slice(0, -'.ejs'.length)));
    return name;
  };
  app.engine('ejs', (file: string, options: object, done: RenderCallback) => {
    const data = options as Record<string, unknown>;
    let html: string;
    try {
      // A page already rendered for the same data and language (pageHtml), or rendered now and
      // handed to whoever keeps it (keepPage): the layout is rendered for every request.
      if (typeof data.pageHtml === 'string') html = data.pageHtml;
      else {
        html = template(file)(data) as string;
        if (typeof data.keepPage === 'function') (data.keepPage as (page: string) => void)(html);
      }
      if (data.layout !== false) {
        // The render options are this render's own object: the layout reads the page from it,
        // and which page it is (its description, the account bar's sign-in link).
        data.body = html;
        data.view = viewName(file);
        html = template(layoutFile)(data) as string;
      }
    } catch (error) {
      return done(error as Error);
    }
    done(null, html);
  });
}
