import type { FramingMeasure } from '../../extraction/types.ts';
import { asPercent, makeFinding, percentNumber, ref } from '../finding.ts';
import { framingInWords, percent, type FramingLimits } from '../standards.ts';
import { framingThresholdText } from '../threshold-text.ts';
import type { Finding } from '../types.ts';

export interface FramingInput {
  framing: FramingMeasure;
  productFound: boolean;
  limits: FramingLimits;
}

const FIX_SMALL = 'Move closer or zoom in so the product fills most of the frame, leaving a small white margin on every side.';

export function checkFraming({ framing, productFound, limits }: FramingInput): Finding {
  const threshold = framingInWords(limits);
  const thresholdText = framingThresholdText(limits);
  if (!productFound) {
    return makeFinding('framing', 'fail', {
      measured: null,
      unit: '%',
      threshold,
      message: 'No product could be told apart from the background.',
      fix: 'Photograph the product on its own, in the middle of a white backdrop, filling most of the frame.',
      text: { message: [ref('framing.noProduct')], fix: [ref('framing.fixNoProduct')], threshold: thresholdText },
    });
  }
  const span = asPercent(framing.spanShare);
  if (limits.failWhenCut && framing.cutEdges.length > 0) {
    return makeFinding('framing', 'fail', {
      measured: span,
      unit: '%',
      threshold,
      message: `The product is cut by the ${framing.cutEdges.join(', ')} edge${framing.cutEdges.length > 1 ? 's' : ''} of the photo.`,
      fix: 'Step back or zoom out a little so the whole product is in the frame, with a small white margin on every side.',
      text: {
        message: [ref('framing.cut', { edges: framing.cutEdges.map((e) => ref(`edge.${e}`)), count: framing.cutEdges.length })],
        fix: [ref('framing.fixCut')],
        threshold: thresholdText,
      },
    });
  }
  const status = framing.spanShare < limits.failBelowSpanShare ? 'fail' : framing.spanShare < limits.warnBelowSpanShare ? 'warn' : 'pass';
  const message =
    status === 'pass'
      ? `The product spans ${percent(framing.spanShare)} of the frame.`
      : `The product spans only ${percent(framing.spanShare)} of the frame (${status === 'fail' ? 'at least' : 'recommended'} ${percent(status === 'fail' ? limits.failBelowSpanShare : limits.warnBelowSpanShare)}).`;
  const limit = percentNumber(status === 'fail' ? limits.failBelowSpanShare : limits.warnBelowSpanShare);
  return makeFinding('framing', status, {
    measured: span,
    unit: '%',
    threshold,
    message,
    fix: FIX_SMALL,
    text: { message: [ref(`framing.${status}`, { span: percentNumber(framing.spanShare), limit })], fix: [ref('framing.fixSmall')], threshold: thresholdText },
  });
}
