import type { BackgroundMeasure } from '../../extraction/types.ts';
import { asPercent, makeFinding, round } from '../finding.ts';
import { backgroundInWords, percent, type BackgroundLimits } from '../standards.ts';
import type { Finding } from '../types.ts';

export interface BackgroundInput {
  background: BackgroundMeasure;
  limits: BackgroundLimits;
}

const FIX = 'Shoot on a pure white sweep (RGB 255,255,255) and light it evenly, with no shadows or vignetting at the edges.';

export function checkBackground({ background, limits }: BackgroundInput): Finding {
  const threshold = backgroundInWords(limits);
  const share = background.nearWhiteShare;
  const base = { measured: asPercent(share), unit: '%', threshold };

  if (share < limits.failBelowNearWhiteShare) {
    return makeFinding('background', 'fail', {
      ...base,
      message: `Only ${percent(share)} of the photo's border is near-white; at least ${percent(limits.failBelowNearWhiteShare)} must be.`,
      fix: FIX,
    });
  }
  const uneven = background.unevenness > limits.warnAboveUnevennessL;
  const notPure = background.pureWhiteShare < limits.warnBelowPureWhiteShare;
  if (uneven || notPure) {
    const problems: string[] = [];
    if (notPure) problems.push(`only ${percent(background.pureWhiteShare)} of it is pure #FFFFFF`);
    if (uneven) problems.push(`its brightness varies by ${round(background.unevenness)} L* (shadows or vignetting)`);
    return makeFinding('background', 'warn', {
      ...base,
      message: `The border is ${percent(share)} near-white, but ${problems.join(' and ')}.`,
      fix: notPure
        ? 'Light the white sweep a little brighter, or set its white point to 255 when editing, so the background is pure #FFFFFF.'
        : 'Light the backdrop evenly from both sides and keep the product away from it to avoid shadows and dark corners.',
    });
  }
  return makeFinding('background', 'pass', {
    ...base,
    message: `The border is ${percent(share)} near-white and ${percent(background.pureWhiteShare)} pure #FFFFFF, evenly lit.`,
    fix: '',
  });
}
