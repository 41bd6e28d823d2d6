import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { DEFAULT_LANGUAGE, isLanguage, type Localisation } from '../i18n/i18n.ts';

/**
 * The email templates in views/emails/: `<kind>.html.hbs` (escaped, wrapped in layout.html.hbs) and
 * `<kind>.text.hbs` (plain text, not HTML-escaped: it is never parsed as markup). Partials live in
 * views/emails/partials/ as `<name>.html.hbs` / `<name>.text.hbs` and are used as `{{> name}}`.
 * Text is looked up with `{{t "emails:key" name=value}}` in the model's `locale` (the recipient's language).
 */
export interface MailTemplates {
  render(template: string, model: Record<string, unknown>): { html: string; text: string };
}

export function createMailTemplates(emailsDir: string, localisation: Localisation): MailTemplates {
  const html = Handlebars.create();
  const text = Handlebars.create();
  for (const hbs of [html, text]) {
    hbs.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
      const locale: unknown = (options.data as { root?: { locale?: unknown } } | undefined)?.root?.locale;
      // A language outside the portal's (a test's pseudo-locale) is one the injected catalog holds.
      const language = typeof locale === 'string' && (isLanguage(locale) || localisation.languages.includes(locale as never)) ? locale : DEFAULT_LANGUAGE;
      return localisation.translator(language as typeof DEFAULT_LANGUAGE).t(String(key), options.hash as Record<string, unknown>);
    });
  }
  const read = (file: string) => fs.readFileSync(path.join(emailsDir, file), 'utf8');
  const partialsDir = path.join(emailsDir, 'partials');
  for (const file of fs.existsSync(partialsDir) ? fs.readdirSync(partialsDir) : []) {
    const match = /^(.+)\.(html|text)\.hbs$/.exec(file);
    if (!match) continue;
    const source = read(path.join('partials', file));
    if (match[2] === 'html') html.registerPartial(match[1], html.compile(source, { strict: false }));
    else text.registerPartial(match[1], text.compile(source, { noEscape: true }));
  }
  const layout = html.compile(read('layout.html.hbs'));
  const cache = new Map<string, { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate }>();
  const load = (name: string) => {
    if (!/^[a-z-]+$/.test(name)) throw new Error(`Expected a template name of lowercase letters for email template but received ${name}`);
    let pair = cache.get(name);
    if (!pair) {
      pair = { html: html.compile(read(`${name}.html.hbs`)), text: text.compile(read(`${name}.text.hbs`), { noEscape: true }) };
      cache.set(name, pair);
    }
    return pair;
  };

  return {
    render(template, model) {
      const pair = load(template);
      // The layout's one triple-stash inserts the body this function just rendered (escaped) itself.
      return { html: layout({ ...model, body: pair.html(model) }), text: tidyText(pair.text(model)) };
    },
  };
}

/** Handlebars block tags leave blank lines behind; plain text reads better with at most one in a row. */
function tidyText(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
