import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { registerFindingHelpers } from '../i18n/finding-helpers.ts';
import { createLocalisation, DEFAULT_LANGUAGE, isLanguage, type Localisation } from '../i18n/i18n.ts';

/**
 * Compiles every template under views/ once at start: layouts/, partials/, pages/.
 * Templates see presenter output only. `{{{ }}}` is never used for user data: the one triple-stash
 * in the layout inserts the page body this renderer produced itself.
 *
 * Text is looked up with `{{t "namespace:key" name=value}}` in the model's `locale` (set per request
 * by the app; English when absent), from the catalogs in `views/locales/`.
 */
export interface ViewRenderer {
  render(page: string, model: Record<string, unknown>, layout?: string | null): string;
  has(page: string): boolean;
  readonly localisation: Localisation;
}

export function createViewRenderer(viewsDir: string): ViewRenderer {
  const hbs = Handlebars.create();
  const localisation = createLocalisation({ localesDir: path.join(viewsDir, 'locales') });
  registerHelpers(hbs, localisation);
  const compileDir = (dir: string) => {
    const out = new Map<string, Handlebars.TemplateDelegate>();
    const root = path.join(viewsDir, dir);
    if (!fs.existsSync(root)) return out;
    for (const file of walk(root)) {
      if (!file.endsWith('.hbs')) continue;
      const name = path.relative(root, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      out.set(name, hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false }));
    }
    return out;
  };
  for (const [name, template] of compileDir('partials')) hbs.registerPartial(name, template);
  const layouts = compileDir('layouts');
  const pages = compileDir('pages');

  return {
    localisation,
    has: (page) => pages.has(page),
    render(page, model, layout = 'main') {
      const template = pages.get(page);
      if (!template) throw new Error(`No view named ${page}`);
      const body = template(model);
      if (layout === null) return body;
      const layoutTemplate = layouts.get(layout);
      if (!layoutTemplate) throw new Error(`No layout named ${layout}`);
      return layoutTemplate({ ...model, body });
    },
  };
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** The language a template renders in: the root model's `locale`. */
const languageOf = (options: Handlebars.HelperOptions) => {
  const locale: unknown = (options.data as { root?: { locale?: unknown } } | undefined)?.root?.locale;
  return isLanguage(locale) ? locale : DEFAULT_LANGUAGE;
};

function registerHelpers(hbs: typeof Handlebars, localisation: Localisation): void {
  hbs.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) =>
    localisation.translator(languageOf(options)).t(String(key), options.hash as Record<string, unknown>),
  );
  hbs.registerHelper('number', (value: unknown, options: Handlebars.HelperOptions) =>
    typeof value === 'number' ? localisation.translator(languageOf(options)).number(value, options.hash as Intl.NumberFormatOptions) : '',
  );
  registerFindingHelpers(hbs, (options) => localisation.translator(languageOf(options)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('date', (iso: unknown) => (typeof iso === 'string' ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : ''));
}
