import type { AngleMeasure } from '../../extraction/types.ts';
import { makeFinding, round } from '../finding.ts';
import { angleInWords, type AngleLimits, type View } from '../standards.ts';
import type { Finding } from '../types.ts';

export interface AngleInput {
  angle: AngleMeasure;
  productFound: boolean;
  /** The declared view; when absent the photo is judged as a straight-on view. */
  view?: View | null;
  limits: AngleLimits;
}

function notJudged(threshold: string, reason: string): Finding {
  return makeFinding('angle', 'pass', { measured: null, unit: 'deg', threshold, message: `Tilt not judged: ${reason}.`, fix: '' });
}

export function checkAngle({ angle, productFound, view, limits }: AngleInput): Finding {
  const threshold = angleInWords(limits);
  if (view && !limits.views.includes(view)) return notJudged(threshold, `a ${view} photo has no upright`);
  // Without a product the framing rule already refuses the photo; a tilt would be noise.
  if (!productFound) return notJudged(threshold, 'no product was found');
  if (angle.confidence < limits.minConfidence) {
    return notJudged(threshold, `the product has no clear main axis (confidence ${round(angle.confidence, 2)})`);
  }
  const tilt = Math.abs(angle.tiltDeg);
  const status = tilt > limits.failAboveDeg ? 'fail' : tilt > limits.warnAboveDeg ? 'warn' : 'pass';
  const side = angle.tiltDeg > 0 ? 'clockwise' : 'counter-clockwise';
  const message =
    status === 'pass'
      ? `The product stands upright (tilt ${round(tilt)}°).`
      : `The product is tilted ${round(tilt)}° ${side} from vertical.`;
  return makeFinding('angle', status, {
    measured: round(angle.tiltDeg),
    unit: 'deg',
    threshold,
    message,
    fix: 'Stand the product upright, facing the camera, with the camera level and square to it (or straighten the photo when editing).',
  });
}
