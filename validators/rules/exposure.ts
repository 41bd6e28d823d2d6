import type { ExposureMeasure } from '../../extraction/types.ts';
import { asPercent, makeFinding, percentNumber, ref, round } from '../finding.ts';
import { exposureInWords, percent, type ExposureLimits } from '../standards.ts';
import { exposureThresholdText } from '../threshold-text.ts';
import type { Finding, FindingStatus, TextRef } from '../types.ts';

export interface ExposureInput {
  exposure: ExposureMeasure;
  /** Without a product, only the backdrop's brightness can be judged. */
  productFound: boolean;
  limits: ExposureLimits;
}

interface Problem {
  status: Exclude<FindingStatus, 'pass'>;
  measured: number;
  unit: string;
  message: string;
  fix: string;
  text: { message: TextRef; fix: TextRef };
}

const FIX_DARK = 'Open up (longer exposure, wider aperture or more light on the backdrop) until the white backdrop reads white, not grey.';
const FIX_BLOWN = 'Stop down or soften the light (a diffuser, or the light further away) until the product keeps its colour instead of glaring white.';
const FIX_COLOUR_CUT =
  'Stop down or dim the light until no colour channel of the shade reaches its maximum (255): an over-exposed shade reads lighter and flatter than it is.';
const FIX_CRUSHED = 'Add fill light on the product so its dark parts keep detail.';
const FIX_NOT_WHITE =
  'Shoot on a white backdrop (a white sweep or white paper), then expose so it reads white: the standards judge exposure and colour against a white backdrop.';

/**
 * Below this L* the backdrop is taken to be a dark one, not a white one read grey: a white sweep
 * this dark would be more than two stops under-exposed (L* 50 is about 18 % reflectance, a mid grey),
 * which no photo that could pass the other rules is. Advice about "the white backdrop" would be wrong.
 */
export const DARK_BACKDROP_L = 50;

function backdropProblem(e: ExposureMeasure, l: ExposureLimits): Problem | null {
  const L = round(e.backgroundL);
  if (e.backgroundL < DARK_BACKDROP_L) {
    return {
      status: 'fail',
      measured: L,
      unit: 'L*',
      message: `The backdrop is dark (L* ${L}): it is not a white backdrop.`,
      fix: FIX_NOT_WHITE,
      text: { message: ref('exposure.notWhite', { L }), fix: ref('exposure.fixNotWhite') },
    };
  }
  if (e.backgroundL < l.failBelowBackgroundL) {
    return {
      status: 'fail',
      measured: L,
      unit: 'L*',
      message: `The white backdrop reads grey (L* ${L}, below ${l.failBelowBackgroundL}): the photo is under-exposed.`,
      fix: FIX_DARK,
      text: { message: ref('exposure.grey', { L, limit: l.failBelowBackgroundL }), fix: ref('exposure.fixDark') },
    };
  }
  if (e.backgroundL < l.warnBelowBackgroundL) {
    return {
      status: 'warn',
      measured: L,
      unit: 'L*',
      message: `The white backdrop is slightly dark (L* ${L}, below ${l.warnBelowBackgroundL}).`,
      fix: FIX_DARK,
      text: { message: ref('exposure.slightlyDark', { L, limit: l.warnBelowBackgroundL }), fix: ref('exposure.fixDark') },
    };
  }
  return null;
}

/**
 * A problem measured as a share of the product: `message` is the English text, `key` its message in
 * the catalogue (given `share` and, for a failure, `limit`), `fixKey` the fix's.
 */
function shareProblem(
  status: Problem['status'],
  value: number,
  limit: number | null,
  message: string,
  fix: string,
  key: string,
  fixKey: string,
): Problem {
  const share = percentNumber(value);
  return {
    status,
    measured: asPercent(value),
    unit: '%',
    message,
    fix,
    text: { message: ref(key, limit === null ? { share } : { share, limit: percentNumber(limit) }), fix: ref(fixKey) },
  };
}

/** The product's worst problem: blown out to white, then its colour cut off, each failing before either warns; then crushed shadows. */
function productProblem(e: ExposureMeasure, l: ExposureLimits): Problem | null {
  const white = e.productClippedShare, cut = e.productColourClippedShare, crushed = e.productCrushedShare;
  if (white > l.failAboveClippedShare) {
    const message = `${percent(white)} of the product is blown out to pure white (limit ${percent(l.failAboveClippedShare)}).`;
    return shareProblem('fail', white, l.failAboveClippedShare, message, FIX_BLOWN, 'exposure.blownOut', 'exposure.fixBlown');
  }
  if (cut > l.failAboveColourClippedShare) {
    const message = `${percent(cut)} of the product has its colour cut off, a colour channel at its maximum (limit ${percent(l.failAboveColourClippedShare)}).`;
    return shareProblem('fail', cut, l.failAboveColourClippedShare, message, FIX_COLOUR_CUT, 'exposure.colourCut', 'exposure.fixColourCut');
  }
  if (white > l.warnAboveClippedShare) {
    const message = `${percent(white)} of the product is blown out to pure white (glare).`;
    return shareProblem('warn', white, null, message, FIX_BLOWN, 'exposure.glare', 'exposure.fixBlown');
  }
  if (cut > l.warnAboveColourClippedShare) {
    const message = `${percent(cut)} of the product has a colour channel at its maximum: its colour may be cut off.`;
    return shareProblem('warn', cut, null, message, FIX_COLOUR_CUT, 'exposure.colourCutWarn', 'exposure.fixColourCut');
  }
  if (crushed > l.warnAboveCrushedShare) {
    return shareProblem('warn', crushed, null, `${percent(crushed)} of the product is crushed to black.`, FIX_CRUSHED, 'exposure.crushed', 'exposure.fixCrushed');
  }
  return null;
}

const SEVERITY: Record<Problem['status'], number> = { warn: 1, fail: 2 };

export function checkExposure({ exposure, productFound, limits }: ExposureInput): Finding {
  const threshold = exposureInWords(limits);
  const problems = [backdropProblem(exposure, limits), productFound ? productProblem(exposure, limits) : null].filter(
    (p): p is Problem => p !== null,
  );
  if (problems.length === 0) {
    const product = productFound ? `; ${percent(exposure.productClippedShare)} of the product is blown out` : '';
    return makeFinding('exposure', 'pass', {
      measured: round(exposure.backgroundL),
      unit: 'L*',
      threshold,
      message: `The backdrop is well exposed (L* ${round(exposure.backgroundL)})${product}.`,
      fix: '',
      text: {
        message: [
          productFound
            ? ref('exposure.passWithProduct', { L: round(exposure.backgroundL), share: percentNumber(exposure.productClippedShare) })
            : ref('exposure.pass', { L: round(exposure.backgroundL) }),
        ],
        fix: [],
        threshold: exposureThresholdText(limits),
      },
    });
  }
  const worst = problems.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a));
  return makeFinding('exposure', worst.status, {
    measured: worst.measured,
    unit: worst.unit,
    threshold,
    message: problems.map((p) => p.message).join(' '),
    fix: problems.map((p) => p.fix).join(' '),
    text: { message: problems.map((p) => p.text.message), fix: problems.map((p) => p.text.fix), threshold: exposureThresholdText(limits) },
  });
}
