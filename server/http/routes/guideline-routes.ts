import { Router } from 'express';
import { categories, describeStandards, standardsFor } from '../../../validators/standards.ts';
import type { ViewRenderer } from '../../views/renderer.ts';

/**
 * Where a category's example pictures are: the lipstick's (one per rule) at the top of the folder, every
 * other category's in a folder of its own (test/tools/render-guideline-examples.ts). A picture a
 * category lacks is not shown, rather than another product's.
 */
const examplePath = (category: string, name: string) => (category === 'lipstick' ? name : `${category}/${name}`);

/** The public guidelines page: rendered from the same standards module the checks enforce. */
export function createGuidelineRoutes(deps: { views: ViewRenderer; exampleNames: Set<string> }): Router {
  const router = Router();
  router.get('/guidelines', (req, res) => {
    const requested = typeof req.query.category === 'string' ? req.query.category : 'lipstick';
    const category = categories().includes(requested as never) ? requested : 'lipstick';
    const example = (name: string) => (deps.exampleNames.has(examplePath(category, name)) ? `/assets/guidelines/${examplePath(category, name)}.png` : null);
    res.send(
      deps.views.render('guidelines', {
          ...res.locals,
        title: 'Photo guidelines',
        categoryLabel: standardsFor(category).label,
        goodExample: example('good'),
        goodExampleAltKey: `categories:guidelines.good.${category}`,
        categories: categories().map((id) => ({ id, label: standardsFor(id).label, selected: id === category })),
        standards: describeStandards(category).map((s) => ({
          ...s,
          example: example(s.rule),
        })),
      }),
    );
  });
  return router;
}
