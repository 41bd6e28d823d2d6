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
  // A compact lies square to the camera portrait or landscape: its tilt is from the nearer side.
  const signed = limits.square === 'either-side' ? angle.tiltDeg - 90 * Math.round(angle.tiltDeg / 90) : angle.tiltDeg;
  const tilt = Math.abs(signed);
  const status = tilt > limits.failAboveDeg ? 'fail' : tilt > limits.warnAboveDeg ? 'warn' : 'pass';
  const side = signed > 0 ? 'clockwise' : 'counter-clockwise';
  const message =
    status === 'pass'
      ? `The product ${limits.square === 'either-side' ? 'lies square to the camera' : 'stands upright'} (tilt ${round(tilt)}°).`
      : `The product is tilted ${round(tilt)}° ${side} from ${limits.square === 'either-side' ? 'square' : 'vertical'}.`;
  return makeFinding('angle', status, {
    measured: round(signed),
    unit: 'deg',
    threshold,
    message,
    fix: limits.square === 'either-side' ? 'Lay the compact square to the camera, its edges parallel to the photo\'s (or straighten the photo when editing).' : 'Stand the product upright, facing the camera, with the camera level and square to it (or straighten the photo when editing).',
  });
}
