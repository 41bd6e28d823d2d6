import type { AngleMeasure } from '../../extraction/types.ts';
import { makeFinding, ref, round } from '../finding.ts';
import { angleInWords, type AngleLimits, type View } from '../standards.ts';
import { angleThresholdText, viewRef } from '../threshold-text.ts';
import type { Finding, TextRef } from '../types.ts';

export interface AngleInput {
  angle: AngleMeasure;
  productFound: boolean;
  /** The declared view; when absent the photo is judged as a straight-on view. */
  view?: View | null;
  limits: AngleLimits;
}

function notJudged(limits: AngleLimits, reason: string, why: TextRef): Finding {
  return makeFinding('angle', 'pass', {
    measured: null,
    unit: 'deg',
    threshold: angleInWords(limits),
    message: `Tilt not judged: ${reason}.`,
    fix: '',
    text: { message: [why], fix: [], threshold: angleThresholdText(limits) },
  });
}

export function checkAngle({ angle, productFound, view, limits }: AngleInput): Finding {
  const threshold = angleInWords(limits);
  if (view && !limits.views.includes(view)) return notJudged(limits, `a ${view} photo has no upright`, ref('angle.notJudgedView', { view: viewRef(view) }));
  // Without a product the framing rule already refuses the photo; a tilt would be noise.
  if (!productFound) return notJudged(limits, 'no product was found', ref('angle.notJudgedNoProduct'));
  if (angle.confidence < limits.minConfidence) {
    const confidence = round(angle.confidence, 2);
    return notJudged(limits, `the product has no clear main axis (confidence ${confidence})`, ref('angle.notJudgedNoAxis', { confidence }));
  }
  // A compact lies square to the camera portrait or landscape: its tilt is from the nearer side.
  const compact = limits.square === 'either-side';
  const signed = compact ? angle.tiltDeg - 90 * Math.round(angle.tiltDeg / 90) : angle.tiltDeg;
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
    text: {
      message: [
        status === 'pass'
          ? ref(compact ? 'angle.passSquare' : 'angle.pass', { tilt: round(tilt) })
          : ref(compact ? 'angle.tiltedFromSquare' : 'angle.tilted', { tilt: round(tilt), side: ref(signed > 0 ? 'angle.clockwise' : 'angle.counterClockwise') }),
      ],
      fix: [ref(compact ? 'angle.fixCompact' : 'angle.fix')],
      threshold: angleThresholdText(limits),
    },
  });
}
