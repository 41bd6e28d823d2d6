/**
 * Template helpers that say a finding in the page's language: `{{findingText source "message"}}` with
 * `source` the finding itself (message, fix, threshold, measured, title, statusLabel),
 * `{{findingMeasured source}}` (the measured value, a code such as a file type set as `<code>`),
 * `{{ruleTitle rule}}` and `{{categoryLabel category}}`.
 */
import type Handlebars from 'handlebars';
import type { Finding } from '../../validators/types.ts';
import { localiseFinding, measuredIsCode, ruleTitle, type LocalisedFinding } from './finding-text.ts';
import type { Translator } from './i18n.ts';
import { categoryLabelIn } from './verdict-text.ts';

const FIELDS = new Set<keyof LocalisedFinding>(['title', 'statusLabel', 'measured', 'threshold', 'message', 'fix']);

const isFinding = (value: unknown): value is Finding =>
  typeof value === 'object' && value !== null && typeof (value as Finding).rule === 'string' && typeof (value as Finding).status === 'string';

export function registerFindingHelpers(hbs: typeof Handlebars, translatorOf: (options: Handlebars.HelperOptions) => Translator): void {
  hbs.registerHelper('findingText', (finding: unknown, field: unknown, options: Handlebars.HelperOptions) => {
    if (!isFinding(finding) || !FIELDS.has(field as keyof LocalisedFinding)) return '';
    return localiseFinding(translatorOf(options), finding)[field as keyof LocalisedFinding];
  });
  hbs.registerHelper('findingMeasured', (finding: unknown, options: Handlebars.HelperOptions) => {
    if (!isFinding(finding)) return '';
    const said = hbs.escapeExpression(localiseFinding(translatorOf(options), finding).measured);
    return new hbs.SafeString(measuredIsCode(finding) ? `<code>${said}</code>` : said);
  });
  hbs.registerHelper('ruleTitle', (rule: unknown, options: Handlebars.HelperOptions) => ruleTitle(translatorOf(options), String(rule)));
  hbs.registerHelper('categoryLabel', (category: unknown, options: Handlebars.HelperOptions) => categoryLabelIn(translatorOf(options), String(category)));
}
