/**
 * Whether a submission holds the photos its category requires (standards.ts viewRules): the views it
 * lacks, in the standards' order. A category the portal does not know still needs its front photo.
 */
import { categories, isCategory, standardsFor, type View, type ViewRules } from './standards.ts';

const ANY_CATEGORY_REQUIRES: readonly View[] = ['front'];

/** The views `category` requires and recommends (an unknown category: its front photo, nothing recommended). */
export function viewRulesFor(category: string): ViewRules {
  return isCategory(category) ? standardsFor(category).viewRules : { required: ANY_CATEGORY_REQUIRES, recommended: [] };
}

/** Every category's view rules, by category id: what the submission form's script reads (the same data, not a copy). */
export function viewRulesByCategory(): Record<string, ViewRules> {
  return Object.fromEntries(categories().map((id) => [id, viewRulesFor(id)]));
}

/** The views `category` requires. */
export function requiredViews(category: string): readonly View[] {
  return isCategory(category) ? standardsFor(category).viewRules.required : ANY_CATEGORY_REQUIRES;
}

/** The required views of `category` that are not among `sent`. */
export function missingViews(category: string, sent: readonly string[]): View[] {
  return requiredViews(category).filter((view) => !sent.includes(view));
}
