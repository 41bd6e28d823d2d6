/**
 * One shade, several views: which photo's measurement stands for the shade, and what the views'
 * disagreement says about it.
 */
import { deltaE2000 } from './color-space.ts';
import { REVIEW_BELOW } from './colour-trust.ts';
import type { ExtractionResult } from './types.ts';

/**
 * How much a view's region is to be trusted beside the others, as a weight on its confidence. A swatch
 * on white is the product alone, with no case, cap, label or glass to choose against; a front view
 * holds the product with its packaging; an open or side view shows more packaging than product.
 */
const VIEW_WEIGHT: Readonly<Record<string, number>> = { swatch: 1, front: 0.85, open: 0.8, side: 0.75 };
const OTHER_VIEW_WEIGHT = 0.75;

/** Views of one shade further apart than this (ΔE00) cannot both be right: "visibly different" starts here. */
export const VIEWS_DISAGREE_DELTA_E = 5;

export interface ViewMeasurement {
  view: string;
  extraction: ExtractionResult;
}

export interface ShadeMeasurement {
  /** Index (in the input) of the view that stands for the shade. */
  index: number;
  extraction: ExtractionResult;
  /** Largest ΔE00 between two views' colours (0 for a single view). */
  spreadDeltaE: number;
}

/**
 * The most trustworthy view's measurement (confidence × view weight). When the views disagree by more
 * than VIEWS_DISAGREE_DELTA_E, at least one of them measured the wrong thing: the confidence drops below
 * the review threshold and the shade goes to a person.
 */
export function combineViews(views: ViewMeasurement[]): ShadeMeasurement | null {
  if (views.length === 0) return null;
  const weight = (v: ViewMeasurement) => v.extraction.color.confidence * (VIEW_WEIGHT[v.view] ?? OTHER_VIEW_WEIGHT);
  let index = 0;
  views.forEach((v, i) => {
    if (weight(v) > weight(views[index])) index = i;
  });
  let spreadDeltaE = 0;
  for (let i = 0; i < views.length; i++) {
    for (let j = i + 1; j < views.length; j++) {
      spreadDeltaE = Math.max(spreadDeltaE, deltaE2000(views[i].extraction.color.lab, views[j].extraction.color.lab));
    }
  }
  const chosen = views[index].extraction;
  if (spreadDeltaE <= VIEWS_DISAGREE_DELTA_E) return { index, extraction: chosen, spreadDeltaE };
  // Disagreeing views: the doubt is the shade's, whatever the chosen view thought of itself.
  const doubted = Math.min(chosen.color.confidence, DISAGREEMENT_CONFIDENCE);
  return { index, extraction: { ...chosen, color: { ...chosen.color, confidence: doubted }, review: true }, spreadDeltaE };
}

/** Confidence left to a shade whose views disagree: just under the review threshold. */
const DISAGREEMENT_CONFIDENCE = Math.max(0, Math.round((REVIEW_BELOW - 0.01) * 100) / 100);
