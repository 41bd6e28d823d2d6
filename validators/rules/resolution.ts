import { makeFinding, ref, statusBelow } from '../finding.ts';
import { resolutionInWords, type ResolutionLimits } from '../standards.ts';
import { resolutionThresholdText } from '../threshold-text.ts';
import type { Finding } from '../types.ts';

export interface ResolutionInput {
  /** Upright dimensions in pixels. */
  width: number;
  height: number;
  limits: ResolutionLimits;
}

export function checkResolution({ width, height, limits }: ResolutionInput): Finding {
  const longest = Math.max(width, height);
  const status = statusBelow(longest, limits.failBelowPx, limits.warnBelowPx);
  const size = `${width} × ${height} px`;
  const message =
    status === 'pass'
      ? `The photo is ${size}; its longest side of ${longest} px is enough for zoom.`
      : status === 'fail'
        ? `The photo is ${size}; its longest side of ${longest} px is below ${limits.failBelowPx} px, too small for zoom.`
        : `The photo is ${size}; its longest side of ${longest} px is below the recommended ${limits.warnBelowPx} px.`;
  return makeFinding('resolution', status, {
    measured: longest,
    unit: 'px',
    threshold: resolutionInWords(limits),
    message,
    fix: `Export at full camera resolution, at least ${limits.warnBelowPx} px on the longest side; do not resize or crop the photo down.`,
    text: {
      message: [ref(`resolution.${status}`, { width, height, longest, limit: status === 'fail' ? limits.failBelowPx : limits.warnBelowPx })],
      fix: [ref('resolution.fix', { min: limits.warnBelowPx })],
      threshold: resolutionThresholdText(limits),
    },
  });
}
