import type { SharpnessMeasure } from '../../extraction/types.ts';
import { makeFinding, ref, round } from '../finding.ts';
import { sharpnessInWords, type SharpnessLimits } from '../standards.ts';
import { sharpnessThresholdText } from '../threshold-text.ts';
import type { Finding } from '../types.ts';

export interface SharpnessInput {
  sharpness: SharpnessMeasure;
  productFound: boolean;
  limits: SharpnessLimits;
}

export function checkSharpness({ sharpness, productFound, limits }: SharpnessInput): Finding {
  const threshold = sharpnessInWords(limits);
  const thresholdText = sharpnessThresholdText(limits);
  if (!productFound) {
    return makeFinding('sharpness', 'pass', {
      measured: null,
      unit: 'score',
      threshold,
      message: 'Sharpness not judged: no product was found.',
      fix: '',
      text: { message: [ref('sharpness.notJudged')], fix: [], threshold: thresholdText },
    });
  }
  const { score } = sharpness;
  const status = score < limits.failBelowScore ? 'fail' : score < limits.warnBelowScore ? 'warn' : 'pass';
  const shown = round(score, 3);
  const message =
    status === 'pass'
      ? `The product is in focus (score ${shown}).`
      : status === 'fail'
        ? `The product is blurred (focus score ${shown}, below ${limits.failBelowScore}).`
        : `The product is slightly soft (focus score ${shown}, below ${limits.warnBelowScore}).`;
  return makeFinding('sharpness', status, {
    measured: shown,
    unit: 'score',
    threshold,
    message,
    fix: 'Focus on the product, use a tripod or a faster shutter speed, and do not upscale the photo.',
    text: {
      message: [ref(`sharpness.${status}`, { score: shown, limit: status === 'fail' ? limits.failBelowScore : limits.warnBelowScore })],
      fix: [ref('sharpness.fix')],
      threshold: thresholdText,
    },
  });
}
