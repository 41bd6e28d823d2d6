/**
 * A submission's verdict in one sentence, in the reader's language: the same sentence the verdict page's
 * presenter writes in English ("Refused: Resolution (swatch photo). Fix the points marked ✗ below and
 * resubmit."), for the emails and the API.
 */
import { isCategory, standardsFor } from '../../validators/standards.ts';
import type { Finding } from '../../validators/types.ts';
import { ruleTitle } from './finding-text.ts';
import type { Translator } from './i18n.ts';

interface JudgedPhoto {
  view: string;
  findings: Finding[];
}

const VIEWS = new Set(['front', 'swatch', 'open', 'side']);
const viewWord = (tr: Translator, view: string) => (VIEWS.has(view) ? tr.t(`rules:view.${view}`) : view);

/** "Declared colour (swatch photo), Resolution (front and side photos)": each failed rule with the photos it failed on. */
export function failedRulesByPhotoIn(tr: Translator, photos: readonly JudgedPhoto[]): string {
  const viewsByRule = new Map<string, string[]>();
  for (const p of photos) {
    for (const f of p.findings.filter((x) => x.status === 'fail')) {
      const views = viewsByRule.get(f.rule) ?? [];
      if (!views.includes(p.view)) views.push(p.view);
      viewsByRule.set(f.rule, views);
    }
  }
  const and = new Intl.ListFormat(tr.language, { type: 'conjunction' });
  return [...viewsByRule]
    .map(([rule, views]) => tr.t('rules:verdict.ruleOnPhotos', { rule: ruleTitle(tr, rule), views: and.format(views.map((v) => viewWord(tr, v))), count: views.length }))
    .join(tr.t('rules:verdict.listSeparator'));
}

export function verdictSentenceIn(tr: Translator, s: { status: string; verdict: string | null }, photos: readonly JudgedPhoto[]): string {
  if (s.status === 'overridden') return tr.t('rules:verdict.overridden');
  if (s.verdict === 'accepted') {
    const warnings = photos.flatMap((p) => p.findings.filter((f) => f.status === 'warn')).length;
    return warnings ? tr.t('rules:verdict.acceptedWithWarnings', { count: warnings }) : tr.t('rules:verdict.accepted');
  }
  return tr.t('rules:verdict.refused', { rules: failedRulesByPhotoIn(tr, photos) });
}

/** A category's name ('Lip gloss'); a category the catalog does not know yet keeps its English label. */
export function categoryLabelIn(tr: Translator, category: string): string {
  if (!isCategory(category)) return category;
  const key = `rules:category.${category}`;
  const said = tr.t(key);
  return said === key || said === `category.${category}` ? standardsFor(category).label : said;
}
