import { Router } from 'express';
import { RULE_IDS } from '../../../validators/types.ts';
import { categories, standardsFor } from '../../../validators/standards.ts';
import { thresholdText } from '../../../validators/threshold-text.ts';
import { ruleTitle, sayText } from '../../i18n/finding-text.ts';
import { categoryLabelIn } from '../../i18n/verdict-text.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { pageTranslator } from '../page-text.ts';

/**
 * Where a category's example pictures are: the lipstick's (one per rule) at the top of the folder, every
 * other category's in a folder of its own (test/tools/render-guideline-examples.ts). A picture a
 * category lacks is not shown, rather than another product's.
 */
const examplePath = (category: string, name: string) => (category === 'lipstick' ? name : `${category}/${name}`);

/**
 * The public guidelines page: rendered from the same standards module the checks enforce, in the
 * request's language (each rule's words from the `rules` catalog, its limits from the standards).
 */
export function createGuidelineRoutes(deps: { views: ViewRenderer; exampleNames: Set<string> }): Router {
  const router = Router();
  router.get('/guidelines', (req, res) => {
    const requested = typeof req.query.category === 'string' ? req.query.category : 'lipstick';
    const category = categories().includes(requested as never) ? requested : 'lipstick';
    const example = (name: string) => (deps.exampleNames.has(examplePath(category, name)) ? `/assets/guidelines/${examplePath(category, name)}.png` : null);
    const tr = pageTranslator(deps.views, res);
    const standards = standardsFor(category);
    res.send(
      deps.views.render('guidelines', {
        ...res.locals,
        title: tr.t('guidelines:title'),
        categoryLabel: categoryLabelIn(tr, category),
        goodExample: example('good'),
        goodExampleAltKey: `categories:guidelines.good.${category}`,
        categories: categories().map((id) => ({ id, label: categoryLabelIn(tr, id), selected: id === category })),
        // The photos a brand sends for this category (standards.ts viewRules), each view in words.
        views: {
          required: standards.viewRules.required.map((view) => ({ view, text: tr.t(`guidelines:view.${view}`) })),
          recommended: standards.viewRules.recommended.map((view) => ({ view, text: tr.t(`guidelines:view.${view}`) })),
        },
        standards: RULE_IDS.map((rule) => ({
          rule,
          title: ruleTitle(tr, rule),
          what: tr.t(`rules:${rule}.what`),
          threshold: sayText(tr, thresholdText(rule, standards)),
          fix: tr.t(`rules:${rule}.guidance`),
          anchor: tr.t(`rules:${rule}.anchor`),
          example: example(rule),
        })),
      }),
    );
  });
  return router;
}
