/**
 * White reference: the backdrop's colour tells the photo's cast and exposure, and mapping it to white
 * (von Kries: one gain per channel in linear RGB) undoes them.
 *
 * Clamped on purpose. A near-white backdrop within the band of real papers (L* ≥ 97) is taken as white
 * already: off-white paper and a slightly dark exposure of white paper look the same, and correcting
 * paper that is truly off-white would brighten every product on it. A backdrop too coloured or too dark
 * to be a lit white surface is not used at all.
 */
import { SRGB_TO_LINEAR, chroma, linearRgbToXyz, xyzToLab } from '../color-space.ts';

export type WhiteReferenceStatus = 'absent' | 'neutral' | 'corrected' | 'rejected';

export interface WhiteBalance {
  /** Gains to multiply linear R, G, B by. */
  gains: [number, number, number];
  status: WhiteReferenceStatus;
}

/** The lightest backdrop still treated as possibly under-exposed: the middle of the near-white papers. */
const PAPER_L = 97;
const PAPER_Y = ((PAPER_L + 16) / 116) ** 3;
/** Beyond these a backdrop is a coloured surface, not white paper in tinted light. */
const MAX_BACKDROP_CHROMA = 15;
const MIN_BACKDROP_L = 60;
/** The largest exposure gain we trust (≈ one stop): beyond it noise and clipping dominate. */
const MAX_EXPOSURE_GAIN = 2;

const IDENTITY: [number, number, number] = [1, 1, 1];

function luminance(r: number, g: number, b: number): number {
  return 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
}

export function whiteBalanceFrom(reference: [number, number, number] | null): WhiteBalance {
  if (!reference) return { gains: IDENTITY, status: 'absent' };
  const lin = reference.map((v) => SRGB_TO_LINEAR[Math.round(Math.min(255, Math.max(0, v)))]) as [number, number, number];
  const lab = xyzToLab(...linearRgbToXyz(lin[0], lin[1], lin[2]));
  if (chroma(lab.a, lab.b) > MAX_BACKDROP_CHROMA || lab.L < MIN_BACKDROP_L || Math.min(...lin) <= 0) {
    return { gains: IDENTITY, status: 'rejected' };
  }
  const y = luminance(lin[0], lin[1], lin[2]);
  // Chromatic part: make the backdrop neutral at its own luminance.
  const chromatic = lin.map((c) => y / c);
  // Exposure part: only a backdrop darker than real papers is lifted, up to the paper level.
  const exposure = y < PAPER_Y ? Math.min(MAX_EXPOSURE_GAIN, PAPER_Y / y) : 1;
  const gains = chromatic.map((g) => g * exposure) as [number, number, number];
  const changed = gains.some((g) => Math.abs(g - 1) > 0.002);
  return { gains: changed ? gains : IDENTITY, status: changed ? 'corrected' : 'neutral' };
}
