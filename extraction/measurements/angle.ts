import { maskMoments } from '../binary-mask.ts';
import type { AngleMeasure } from '../types.ts';

/**
 * Tilt of the product's main axis from vertical, from the second moments of its mask.
 * Signed clockwise positive on screen (x right, y down): a bottle whose top leans right has a
 * positive tilt. Confidence is the elongation 1 − λmin/λmax: a round product has no axis.
 */
export function measureAngle(productMask: Uint8Array, width: number, height: number): AngleMeasure {
  const moments = maskMoments(productMask, width, height);
  if (!moments || moments.n < 10) return { tiltDeg: 0, confidence: 0 };
  const { n } = moments;
  const mxx = moments.xx / n, myy = moments.yy / n, mxy = moments.xy / n;
  // Angle of the main axis from the x axis, then as a tilt from vertical in (−90°, 90°].
  const axisDeg = (0.5 * Math.atan2(2 * mxy, mxx - myy) * 180) / Math.PI;
  const tiltDeg = normaliseTilt(axisDeg + 90);
  const spread = Math.sqrt(((mxx - myy) / 2) ** 2 + mxy * mxy);
  const lambdaMax = (mxx + myy) / 2 + spread;
  const lambdaMin = (mxx + myy) / 2 - spread;
  const confidence = lambdaMax > 0 ? Math.max(0, 1 - lambdaMin / lambdaMax) : 0;
  return { tiltDeg: round(tiltDeg, 2), confidence: round(confidence, 3) };
}

function normaliseTilt(deg: number): number {
  let t = deg % 180;
  if (t > 90) t -= 180;
  if (t <= -90) t += 180;
  return t;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
