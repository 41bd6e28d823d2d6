import { Router } from 'express';
import { categories, describeStandards, standardsFor } from '../../../validators/standards.ts';
import type { ViewRenderer } from '../../views/renderer.ts';

/**
 * Categories whose example pictures exist: the pictures are rendered lipsticks (test/tools), so they are
 * shown for lipstick only; another category shows none rather than the wrong product.
 */
const CATEGORIES_WITH_EXAMPLES = new Set(['lipstick']);

/** The public guidelines page: rendered from the same standards module the checks enforce. */
export function createGuidelineRoutes(deps: { views: ViewRenderer; exampleNames: Set<string> }): Router {
  const router = Router();
  router.get('/guidelines', (req, res) => {
    const requested = typeof req.query.category === 'string' ? req.query.category : 'lipstick';
    const category = categories().includes(requested as never) ? requested : 'lipstick';
    const hasExample = (name: string) => CATEGORIES_WITH_EXAMPLES.has(category) && deps.exampleNames.has(name);
    res.send(
      deps.views.render('guidelines', {
          ...res.locals,
        title: 'Photo guidelines',
        categoryLabel: standardsFor(category).label,
        goodExample: hasExample('good') ? '/assets/guidelines/good.png' : null,
        categories: categories().map((id) => ({ id, label: standardsFor(id).label, selected: id === category })),
        standards: describeStandards(category).map((s) => ({
          ...s,
          example: hasExample(s.rule) ? `/assets/guidelines/${s.rule}.png` : null,
        })),
      }),
    );
  });
  return router;
}
