import { makeFinding, ref, round } from '../finding.ts';
import { swatchInWords, type SwatchLimits } from '../standards.ts';
import { swatchThresholdText } from '../threshold-text.ts';
import type { Finding, TextRef } from '../types.ts';

export interface SwatchInput {
  /** The colour chosen in the form's picker, '#rrggbb'; null when none was given. */
  declaredHex: string | null;
  /** The colour measured from the photo; null when nothing could be measured. */
  measuredHex: string | null;
  /** CIEDE2000 between the two (computed by the caller with extraction's colour maths). */
  deltaE: number | null;
  limits: SwatchLimits;
}

/**
 * The one table of ΔE00 bands and their words, for findings, pages and emails. The two upper bands are
 * the category's own warn and fail limits, so the words always agree with the verdict: a difference the
 * check lets pass is never called "visibly different".
 */
export function deltaEBands(limits: SwatchLimits): Array<{ below: number; words: string; text: TextRef; status: 'pass' | 'warn' | 'fail' }> {
  return [
    { below: Math.min(1, limits.warnAtDeltaE), words: 'imperceptible', text: ref('swatch.band.imperceptible'), status: 'pass' },
    { below: Math.min(3, limits.warnAtDeltaE), words: 'close', text: ref('swatch.band.close'), status: 'pass' },
    { below: limits.warnAtDeltaE, words: 'a slight difference, within the limit', text: ref('swatch.band.slight'), status: 'pass' },
    { below: limits.failAtDeltaE, words: 'visibly different', text: ref('swatch.band.visible'), status: 'warn' },
    { below: Infinity, words: 'a different colour', text: ref('swatch.band.different'), status: 'fail' },
  ];
}

const bandOf = (dE: number, limits: SwatchLimits) => deltaEBands(limits).find((band) => dE < band.below)!;

/** Plain words for a CIEDE2000 difference under a category's swatch limits. */
export function deltaEInWords(dE: number, limits: SwatchLimits): string {
  return bandOf(dE, limits).words;
}

/** The same words as a message key, for the reader's language. */
export function deltaEText(dE: number, limits: SwatchLimits): TextRef {
  return bandOf(dE, limits).text;
}

export function checkSwatch({ declaredHex, measuredHex, deltaE, limits }: SwatchInput): Finding {
  const threshold = swatchInWords(limits);
  const thresholdText = swatchThresholdText(limits);
  if (declaredHex === null) {
    return makeFinding('swatch', 'pass', {
      measured: null,
      unit: 'ΔE00',
      threshold,
      message: 'No declared colour was given, so none was compared.',
      fix: '',
      text: { message: [ref('swatch.noDeclared')], fix: [], threshold: thresholdText },
    });
  }
  if (measuredHex === null || deltaE === null) {
    // Not a fail of its own: without a measured colour another rule (framing) has already refused the photo.
    return makeFinding('swatch', 'warn', {
      measured: null,
      unit: 'ΔE00',
      threshold,
      message: `The declared colour ${declaredHex} could not be compared: no colour was measured from the photo.`,
      fix: 'Fix the other findings so the product can be measured.',
      text: { message: [ref('swatch.notMeasured', { declared: declaredHex })], fix: [ref('swatch.fixNotMeasured')], threshold: thresholdText },
    });
  }
  const status = deltaE >= limits.failAtDeltaE ? 'fail' : deltaE >= limits.warnAtDeltaE ? 'warn' : 'pass';
  const dE = round(deltaE);
  return makeFinding('swatch', status, {
    measured: dE,
    unit: 'ΔE00',
    threshold,
    message: `The declared colour ${declaredHex} and the measured colour ${measuredHex} differ by ΔE00 ${dE}: ${deltaEInWords(deltaE, limits)}.`,
    fix: 'Pick the shade’s colour again in the form, comparing it with the product under daylight, or check that the right photo was uploaded for this shade.',
    text: {
      message: [ref('swatch.compared', { declared: declaredHex, measured: measuredHex, deltaE: dE, words: deltaEText(deltaE, limits) })],
      fix: [ref('swatch.fix')],
      threshold: thresholdText,
    },
  });
}
