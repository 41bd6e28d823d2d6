import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

/**
 * Compiles every template under views/ once at start: layouts/, partials/, pages/.
 * Templates see presenter output only. `{{{ }}}` is never used for user data: the one triple-stash
 * in the layout inserts the page body this renderer produced itself.
 */
export interface ViewRenderer {
  render(page: string, model: Record<string, unknown>, layout?: string | null): string;
  has(page: string): boolean;
}

export function createViewRenderer(viewsDir: string): ViewRenderer {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
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

function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('date', (iso: unknown) => (typeof iso === 'string' ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : ''));
}
