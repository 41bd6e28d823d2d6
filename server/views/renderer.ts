import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { type Catalog, createLocalisation, DEFAULT_LANGUAGE, type Language, type Localisation } from '../i18n/i18n.ts';
import { registerFindingHelpers } from '../i18n/finding-helpers.ts';

/**
 * Compiles every template under views/ once at start: layouts/, partials/, pages/.
 * Templates see presenter output only. `{{{ }}}` is never used for user data: the one triple-stash
 * in the layout inserts the page body this renderer produced itself.
 *
 * Text is looked up with `{{t "namespace:key" name=value}}` in the model's `locale` (set per request
 * by the app; English when absent), from the catalogs in `views/locales/`. `{{tcode "ns:key" path="/x"}}`
 * does the same for a sentence whose values are code (each put in as escaped `<code>`); `{{number n}}`
 * and `{{date iso}}` format through Intl in that language (dates in UTC, the ISO form kept for `datetime=`).
 */
export interface ViewRenderer {
  render(page: string, model: Record<string, unknown>, layout?: string | null): string;
  has(page: string): boolean;
  readonly localisation: Localisation;
}

/** `catalog` and `extraLanguages` replace the catalogs read from views/locales (a test's pseudo-locale). */
export function createViewRenderer(viewsDir: string, options: { catalog?: Catalog; extraLanguages?: readonly string[] } = {}): ViewRenderer {
  const hbs = Handlebars.create();
  const localisation = createLocalisation({
    ...(options.catalog ? { catalog: options.catalog } : { localesDir: path.join(viewsDir, 'locales') }),
    extraLanguages: options.extraLanguages,
  });
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

function registerHelpers(hbs: typeof Handlebars, localisation: Localisation): void {
  /** The language a template renders in: the root model's `locale`. */
  const languageOf = (options: Handlebars.HelperOptions): Language => {
    const locale: unknown = (options.data as { root?: { locale?: unknown } } | undefined)?.root?.locale;
    return (localisation.languages as readonly unknown[]).includes(locale) ? (locale as Language) : DEFAULT_LANGUAGE;
  };
  hbs.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) =>
    localisation.translator(languageOf(options)).t(String(key), options.hash as Record<string, unknown>),
  );
  // A message whose placeholders are code (paths, headers, file names): the text is escaped, and each
  // value is put in as escaped `<code>`, so translations can move the code within the sentence.
  hbs.registerHelper('tcode', (key: unknown, options: Handlebars.HelperOptions) => {
    const values = options.hash as Record<string, unknown>;
    const marks = Object.fromEntries(Object.keys(values).map((name) => [name, `\uE000${name}\uE001`]));
    const text = localisation.translator(languageOf(options)).t(String(key), marks);
    const html = hbs.escapeExpression(text).replace(/\uE000(\w+)\uE001/g, (_whole, name: string) => `<code>${hbs.escapeExpression(String(values[name] ?? ''))}</code>`);
    return new hbs.SafeString(html);
  });
  hbs.registerHelper('number', (value: unknown, options: Handlebars.HelperOptions) =>
    typeof value === 'number' ? localisation.translator(languageOf(options)).number(value, options.hash as Intl.NumberFormatOptions) : '',
  );
  registerFindingHelpers(hbs, (options) => localisation.translator(languageOf(options)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  // Dates read in the page's language (always UTC, said so); the ISO form stays in the `datetime=` attributes.
  hbs.registerHelper('date', (iso: unknown, options: Handlebars.HelperOptions) => {
    if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return '';
    return localisation.translator(languageOf(options)).date(iso, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  });
}
