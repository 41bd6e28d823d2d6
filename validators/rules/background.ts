import type { BackgroundMeasure, FramingMeasure, Rect } from '../../extraction/types.ts';
import { asPercent, makeFinding, percentNumber, ref, round } from '../finding.ts';
import { backgroundInWords, percent, type BackgroundLimits } from '../standards.ts';
import { backgroundThresholdText } from '../threshold-text.ts';
import type { Finding } from '../types.ts';

export interface BackgroundInput {
  background: BackgroundMeasure;
  /**
   * Where the product is, so a border the product itself covers is told apart from a backdrop that is
   * not white. Absent (e.g. a caller without framing), every non-white border pixel counts as backdrop.
   */
  product?: { framing: FramingMeasure; width: number; height: number } | null;
  limits: BackgroundLimits;
}

const FIX = 'Shoot on a pure white sweep (RGB 255,255,255) and light it evenly, with no shadows or vignetting at the edges.';
const FIX_MARGIN =
  'Leave a white margin around the product: step back or zoom out (or add white canvas around the photo) so the product stays clear of the outer border of the frame on every side.';

/**
 * Share (0–1) of the border band that the product's bounding box covers. The box is a little larger
 * than the product's own pixels, so this is an upper bound of what the product hides of the backdrop.
 */
export function productShareOfBand(box: Rect, width: number, height: number, bandWidth: number): number {
  const ring = width * height - Math.max(0, width - 2 * bandWidth) * Math.max(0, height - 2 * bandWidth);
  if (ring <= 0) return 0;
  const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  const inFrame = overlap(box.x, box.x + box.width, 0, width) * overlap(box.y, box.y + box.height, 0, height);
  const inInner =
    overlap(box.x, box.x + box.width, bandWidth, width - bandWidth) * overlap(box.y, box.y + box.height, bandWidth, height - bandWidth);
  return Math.min(1, (inFrame - inInner) / ring);
}

/**
 * Whether the product explains the border's missing white: it covers at least half of the non-white
 * part of the band. Then the backdrop may well be white and the fix is the margin, not the backdrop.
 */
function productCoversBorder(background: BackgroundMeasure, product: BackgroundInput['product']): { share: number; cutEdges: string[] } | null {
  const box = product?.framing.productBox;
  if (!product || !box) return null;
  const share = productShareOfBand(box, product.width, product.height, background.bandWidth);
  const nonWhite = 1 - background.nearWhiteShare;
  return share > 0 && share >= nonWhite / 2 ? { share, cutEdges: product.framing.cutEdges } : null;
}

export function checkBackground({ background, product = null, limits }: BackgroundInput): Finding {
  const threshold = backgroundInWords(limits);
  const share = background.nearWhiteShare;
  const base = { measured: asPercent(share), unit: '%', threshold };
  const thresholdText = backgroundThresholdText(limits);
  const nearWhite = { share: percentNumber(share), min: percentNumber(limits.failBelowNearWhiteShare) };

  if (share < limits.failBelowNearWhiteShare) {
    const covered = productCoversBorder(background, product);
    if (covered) {
      const edges = covered.cutEdges;
      const cut = edges.length > 0 ? `, and the ${edges.join(', ')} edge${edges.length > 1 ? 's cut' : ' cuts'} it` : '';
      const values = { ...nearWhite, covered: percentNumber(covered.share) };
      return makeFinding('background', 'fail', {
        ...base,
        message: `Only ${percent(share)} of the photo's border is near-white; at least ${percent(limits.failBelowNearWhiteShare)} must be. The product itself reaches into the border (about ${percent(covered.share)} of it)${cut}: the border shows the product, not the backdrop.`,
        fix: FIX_MARGIN,
        text: {
          message: [
            ref('background.tooLittleWhite', nearWhite),
            edges.length > 0
              ? ref('background.productInBorderCut', { ...values, edges: edges.map((e) => ref(`edge.${e}`)), count: edges.length })
              : ref('background.productInBorder', values),
          ],
          fix: [ref('background.fixMargin')],
          threshold: thresholdText,
        },
      });
    }
    return makeFinding('background', 'fail', {
      ...base,
      message: `Only ${percent(share)} of the photo's border is near-white; at least ${percent(limits.failBelowNearWhiteShare)} must be.`,
      fix: FIX,
      text: { message: [ref('background.tooLittleWhite', nearWhite)], fix: [ref('background.fix')], threshold: thresholdText },
    });
  }
  const uneven = background.unevenness > limits.warnAboveUnevennessL;
  const notPure = background.pureWhiteShare < limits.warnBelowPureWhiteShare;
  if (uneven || notPure) {
    const problems: string[] = [];
    if (notPure) problems.push(`only ${percent(background.pureWhiteShare)} of it is pure #FFFFFF`);
    if (uneven) problems.push(`its brightness varies by ${round(background.unevenness)} L* (shadows or vignetting)`);
    const kind = notPure && uneven ? 'warnNotPureUneven' : notPure ? 'warnNotPure' : 'warnUneven';
    return makeFinding('background', 'warn', {
      ...base,
      message: `The border is ${percent(share)} near-white, but ${problems.join(' and ')}.`,
      fix: notPure
        ? 'Light the white sweep a little brighter, or set its white point to 255 when editing, so the background is pure #FFFFFF.'
        : 'Light the backdrop evenly from both sides and keep the product away from it to avoid shadows and dark corners.',
      text: {
        message: [ref(`background.${kind}`, { share: percentNumber(share), pure: percentNumber(background.pureWhiteShare), unevenness: round(background.unevenness) })],
        fix: [ref(notPure ? 'background.fixNotPure' : 'background.fixUneven')],
        threshold: thresholdText,
      },
    });
  }
  return makeFinding('background', 'pass', {
    ...base,
    message: `The border is ${percent(share)} near-white and ${percent(background.pureWhiteShare)} pure #FFFFFF, evenly lit.`,
    fix: '',
    text: { message: [ref('background.pass', { share: percentNumber(share), pure: percentNumber(background.pureWhiteShare) })], fix: [], threshold: thresholdText },
  });
}
