/**
 * The thresholds of standards.ts as message keys and values: the same limits `thresholdInWords` says in
 * English, for the server to say in the reader's language. A test holds the English catalog's rendering
 * of each equal to `thresholdInWords`.
 */
import { percentNumber, ref } from './finding.ts';
import {
  FORMAT_LABELS,
  type AngleLimits,
  type BackgroundLimits,
  type ColorCastLimits,
  type ExposureLimits,
  type FormatLimits,
  type FramingLimits,
  type NamingLimits,
  type ResolutionLimits,
  type SharpnessLimits,
  type Standards,
  type SwatchLimits,
  type View,
} from './standards.ts';
import type { RuleId, TextRef } from './types.ts';

const MB = 1024 * 1024;
const oneDecimal = (value: number) => Number(value.toFixed(1));

/** A view's name as a word of the catalog ('front', 'swatch', …). */
export const viewRef = (view: View | string): TextRef => ref(`view.${view}`);

export const formatThresholdText = (l: FormatLimits): TextRef =>
  ref('format.threshold', { types: l.types.map((t) => FORMAT_LABELS[t]).join(', '), megabytes: oneDecimal(l.maxBytes / MB), megapixels: oneDecimal(l.maxPixels / 1_000_000) });

export const resolutionThresholdText = (l: ResolutionLimits): TextRef => ref('resolution.threshold', { fail: l.failBelowPx, warn: l.warnBelowPx });

export const backgroundThresholdText = (l: BackgroundLimits): TextRef =>
  ref('background.threshold', { nearWhite: percentNumber(l.failBelowNearWhiteShare), pureWhite: percentNumber(l.warnBelowPureWhiteShare), unevenness: l.warnAboveUnevennessL });

export const exposureThresholdText = (l: ExposureLimits): TextRef =>
  ref('exposure.threshold', {
    failL: l.failBelowBackgroundL,
    failClipped: percentNumber(l.failAboveClippedShare),
    warnL: l.warnBelowBackgroundL,
    warnClipped: percentNumber(l.warnAboveClippedShare),
    failColourCut: percentNumber(l.failAboveColourClippedShare),
    warnColourCut: percentNumber(l.warnAboveColourClippedShare),
    warnCrushed: percentNumber(l.warnAboveCrushedShare),
  });

export const colorCastThresholdText = (l: ColorCastLimits): TextRef => ref('color_cast.threshold', { fail: l.failAboveChroma, warn: l.warnAboveChroma });

export const angleThresholdText = (l: AngleLimits): TextRef => ref(l.square === 'either-side' ? 'angle.thresholdFromSide' : 'angle.threshold', { fail: l.failAboveDeg, warn: l.warnAboveDeg, views: l.views.map(viewRef) });

export const sharpnessThresholdText = (l: SharpnessLimits): TextRef => ref('sharpness.threshold', { fail: l.failBelowScore, warn: l.warnBelowScore });

export const framingThresholdText = (l: FramingLimits): TextRef =>
  ref(l.failWhenCut ? 'framing.thresholdWithCut' : 'framing.threshold', { fail: percentNumber(l.failBelowSpanShare), warn: percentNumber(l.warnBelowSpanShare) });

export const swatchThresholdText = (l: SwatchLimits): TextRef => ref('swatch.threshold', { fail: l.failAtDeltaE, warn: l.warnAtDeltaE });

export const namingThresholdText = (l: NamingLimits): TextRef =>
  ref('naming.threshold', { views: l.views.join('|'), extensions: l.extensions.join('|'), min: l.shadeNameMinLength, max: l.shadeNameMaxLength });

/** One rule's limits of a category, as `thresholdInWords` says them. */
export function thresholdText(rule: RuleId, s: Standards): TextRef {
  switch (rule) {
    case 'format':
      return formatThresholdText(s.format);
    case 'resolution':
      return resolutionThresholdText(s.resolution);
    case 'background':
      return backgroundThresholdText(s.background);
    case 'exposure':
      return exposureThresholdText(s.exposure);
    case 'color_cast':
      return colorCastThresholdText(s.colorCast);
    case 'angle':
      return angleThresholdText(s.angle);
    case 'sharpness':
      return sharpnessThresholdText(s.sharpness);
    case 'framing':
      return framingThresholdText(s.framing);
    case 'swatch':
      return swatchThresholdText(s.swatch);
    case 'naming':
      return namingThresholdText(s.naming);
  }
}
