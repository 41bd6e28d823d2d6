import type { AngleMeasure } from '../types.ts';

/**
 * Tilt of the product's main axis from vertical, from the second moments of its mask.
 * Signed clockwise positive on screen (x right, y down): a bottle whose top leans right has a
 * positive tilt. Confidence is the elongation 1 − λmin/λmax: a round product has no axis.
 */
export function measureAngle(productMask: Uint8Array, width: number, height: number): AngleMeasure {
  let n = 0, sx = 0, sy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!productMask[i]) continue;
      n++;
      sx += x;
      sy += y;
    }
  }
  if (n < 10) return { tiltDeg: 0, confidence: 0 };
  const cx = sx / n, cy = sy / n;
  let mxx = 0, myy = 0, mxy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++, i++) {
      if (!productMask[i]) continue;
      const dx = x - cx;
      mxx += dx * dx;
      myy += dy * dy;
      mxy += dx * dy;
    }
  }
  mxx /= n; myy /= n; mxy /= n;
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
