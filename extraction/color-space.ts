import type { Lab } from './types.ts';

/**
 * Colour maths: sRGB (0–255) ↔ linear RGB ↔ XYZ (D65) ↔ CIELAB, hex, chroma and CIEDE2000.
 * The per-pixel path (`rgbToLab`, `labImage`) uses a lookup table for the sRGB transfer curve
 * because it runs over every analysis pixel.
 */

/** D65 reference white, Y = 1 (CIE 1931 2°), as used by sRGB. */
const WHITE_X = 0.95047;
const WHITE_Y = 1.0;
const WHITE_Z = 1.08883;

/** sRGB 8-bit code value → linear light (0–1). */
export const SRGB_TO_LINEAR: Float32Array = buildLinearTable();

function buildLinearTable(): Float32Array {
  const table = new Float32Array(256);
  for (let i = 0; i < 256; i++) table[i] = srgbChannelToLinear(i / 255);
  return table;
}

/** sRGB companded channel (0–1) → linear (0–1). */
export function srgbChannelToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

/** Linear channel (0–1) → sRGB companded (0–1). */
export function linearChannelToSrgb(v: number): number {
  return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
}

/** Linear RGB (0–1) → XYZ (D65, Y of white = 1). */
export function linearRgbToXyz(r: number, g: number, b: number): [number, number, number] {
  return [
    0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
    0.2126729 * r + 0.7151522 * g + 0.072175 * b,
    0.0193339 * r + 0.119192 * g + 0.9503041 * b,
  ];
}

/** XYZ (D65) → linear RGB (0–1, unclamped). */
export function xyzToLinearRgb(x: number, y: number, z: number): [number, number, number] {
  return [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ];
}

const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

function labF(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

function labFInverse(f: number): number {
  const f3 = f * f * f;
  return f3 > EPSILON ? f3 : (116 * f - 16) / KAPPA;
}

export function xyzToLab(x: number, y: number, z: number): Lab {
  const fx = labF(x / WHITE_X);
  const fy = labF(y / WHITE_Y);
  const fz = labF(z / WHITE_Z);
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

export function labToXyz(lab: Lab): [number, number, number] {
  const fy = (lab.L + 16) / 116;
  const fx = fy + lab.a / 500;
  const fz = fy - lab.b / 200;
  return [labFInverse(fx) * WHITE_X, labFInverse(fy) * WHITE_Y, labFInverse(fz) * WHITE_Z];
}

/** sRGB 8-bit (0–255 each) → CIELAB D65. */
export function rgbToLab(r: number, g: number, b: number): Lab {
  const [x, y, z] = linearRgbToXyz(
    SRGB_TO_LINEAR[clampByte(r)],
    SRGB_TO_LINEAR[clampByte(g)],
    SRGB_TO_LINEAR[clampByte(b)],
  );
  return xyzToLab(x, y, z);
}

/** sRGB as real numbers (0–255, e.g. a mean) → CIELAB, without rounding to the table. */
export function rgbFloatToLab(r: number, g: number, b: number): Lab {
  const [x, y, z] = linearRgbToXyz(
    srgbChannelToLinear(r / 255),
    srgbChannelToLinear(g / 255),
    srgbChannelToLinear(b / 255),
  );
  return xyzToLab(x, y, z);
}

/** CIELAB → sRGB 0–255 (rounded, clamped to the gamut cube). */
export function labToRgb(lab: Lab): [number, number, number] {
  const [x, y, z] = labToXyz(lab);
  const [r, g, b] = xyzToLinearRgb(x, y, z);
  return [linearToByte(r), linearToByte(g), linearToByte(b)];
}

function linearToByte(v: number): number {
  return Math.round(255 * linearChannelToSrgb(Math.min(1, Math.max(0, v))));
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** '#RRGGBB' or 'RRGGBB' (also '#RGB') → [r, g, b]; throws on anything else. */
export function hexToRgb(hex: string): [number, number, number] {
  const match = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(hex.trim());
  if (!match) throw Object.assign(new Error(`Expected a hex colour such as #C8102E but received ${JSON.stringify(hex)}`), { code: 'INVALID_HEX' });
  const digits = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1];
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
}

/** [r, g, b] 0–255 → '#rrggbb' (lower case, as every hex the product writes). */
export function rgbToHex(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((v) => clampByte(v).toString(16).padStart(2, '0')).join('');
}

export function hexToLab(hex: string): Lab {
  const [r, g, b] = hexToRgb(hex);
  return rgbToLab(r, g, b);
}

export function labToHex(lab: Lab): string {
  const [r, g, b] = labToRgb(lab);
  return rgbToHex(r, g, b);
}

export function chroma(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

/** A colour as white light is added to it: its lightness, chroma and hue angle (radians). */
export interface LitColour {
  L: number;
  chroma: number;
  hue: number;
}

export function litColour(lab: Lab): LitColour {
  return { L: lab.L, chroma: chroma(lab.a, lab.b), hue: Math.atan2(lab.b, lab.a) };
}

/** How far a colour must differ from its base to read as that base with white light added. */
export interface WhiteLightTest {
  /** Lighter than the base by at least this much L*. */
  minRise: number;
  /** At most this much more chroma than the base (white light only dilutes the colour). */
  chromaSlack: number;
  /** At or below this chroma (the colour's or the base's) hue says nothing, and any hue passes. */
  neutralChroma: number;
}

/** Largest hue difference (radians, 30°) between a colour with white light added and its base. */
const WHITE_LIGHT_MAX_HUE_GAP = Math.PI / 6;

/**
 * Whether CIELAB (L, a, b) looks like `base` with white light mixed in — a highlight or sheen on it:
 * lighter, no more colourful, and of its hue. A differently coloured bright spot (gold glitter on
 * red) fails the hue test.
 */
export function looksLikeWhiteLightOn(L: number, a: number, b: number, base: LitColour, test: WhiteLightTest): boolean {
  if (L - base.L < test.minRise) return false;
  const c = chroma(a, b);
  if (c > base.chroma + test.chromaSlack) return false;
  if (c <= test.neutralChroma || base.chroma <= test.neutralChroma) return true;
  const gap = Math.atan2(b, a) - base.hue;
  return Math.abs(Math.atan2(Math.sin(gap), Math.cos(gap))) <= WHITE_LIGHT_MAX_HUE_GAP;
}

/** labF sampled on [0, LAB_F_RANGE] for the per-pixel path (linear interpolation, error < 1e-5). */
const LAB_F_STEPS = 16384;
const LAB_F_RANGE = 1.1;
const LAB_F_TABLE: Float32Array = (() => {
  const table = new Float32Array(LAB_F_STEPS + 2);
  for (let i = 0; i < table.length; i++) table[i] = labF((i * LAB_F_RANGE) / LAB_F_STEPS);
  return table;
})();

function labFFast(t: number): number {
  const position = (t * LAB_F_STEPS) / LAB_F_RANGE;
  const i = position | 0;
  if (i >= LAB_F_STEPS) return labF(t);
  const frac = position - i;
  return LAB_F_TABLE[i] + frac * (LAB_F_TABLE[i + 1] - LAB_F_TABLE[i]);
}

/**
 * The whole image in CIELAB, as a Float32Array of L, a, b per pixel: one pass with a table for
 * the sRGB transfer curve and another for the CIELAB cube root.
 */
export function labImage(data: Uint8Array, pixelCount: number): Float32Array {
  const out = new Float32Array(pixelCount * 3);
  for (let j = 0; j < pixelCount * 3; j += 3) pixelLab(data, j, out, j);
  return out;
}

/**
 * CIELAB of the pixels of `data` where `mask` is set, written at the same positions of `out` (the
 * others are left as they are). A loop of its own, so the conversion inlines into it.
 */
export function labWhere(data: Uint8Array, mask: Uint8Array, out: Float32Array): Float32Array {
  for (let i = 0; i < mask.length; i++) if (mask[i]) pixelLab(data, i * 3, out, i * 3);
  return out;
}

/**
 * CIELAB of one pixel of an 8-bit RGB buffer (`j` = index of its red byte), written into `out`
 * [L, a, b] at `at` without allocating: for loops that need Lab on a part of an image only.
 */
export function pixelLab(data: Uint8Array, j: number, out: Float32Array, at = 0): Float32Array {
  const lin = SRGB_TO_LINEAR;
  const r = lin[data[j]];
  const g = lin[data[j + 1]];
  const b = lin[data[j + 2]];
  const fx = labFFast((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE_X);
  const fy = labFFast(0.2126729 * r + 0.7151522 * g + 0.072175 * b);
  const fz = labFFast((0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE_Z);
  out[at] = 116 * fy - 16;
  out[at + 1] = 500 * (fx - fy);
  out[at + 2] = 200 * (fy - fz);
  return out;
}

/**
 * L* alone of the sRGB pixel at data[j..j+2], exactly as `pixelLab` would store it (float32), for
 * the passes that only need lightness and should not pay for a* and b*.
 */
export function pixelLightness(data: Uint8Array, j: number): number {
  const lin = SRGB_TO_LINEAR;
  const fy = labFFast(0.2126729 * lin[data[j]] + 0.7151522 * lin[data[j + 1]] + 0.072175 * lin[data[j + 2]]);
  return Math.fround(116 * fy - 16);
}

/** CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1. */
export function deltaE2000(lab1: Lab, lab2: Lab): number {
  const { L: L1, a: a1, b: b1 } = lab1;
  const { L: L2, a: a2, b: b2 } = lab2;
  const C1 = Math.hypot(a1, b1);
  const C2 = Math.hypot(a2, b2);
  const Cbar7 = Math.pow((C1 + C2) / 2, 7);
  const G = 0.5 * (1 - Math.sqrt(Cbar7 / (Cbar7 + 6103515625))); // 25^7
  const a1p = (1 + G) * a1;
  const a2p = (1 + G) * a2;
  const C1p = Math.hypot(a1p, b1);
  const C2p = Math.hypot(a2p, b2);
  const h1p = hueAngle(b1, a1p);
  const h2p = hueAngle(b2, a2p);

  const dLp = L2 - L1;
  const dCp = C2p - C1p;
  let dhp = 0;
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin(toRadians(dhp / 2));

  const Lbarp = (L1 + L2) / 2;
  const Cbarp = (C1p + C2p) / 2;
  let hbarp = h1p + h2p;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) <= 180) hbarp = (h1p + h2p) / 2;
    else if (h1p + h2p < 360) hbarp = (h1p + h2p + 360) / 2;
    else hbarp = (h1p + h2p - 360) / 2;
  }
  const T =
    1 -
    0.17 * Math.cos(toRadians(hbarp - 30)) +
    0.24 * Math.cos(toRadians(2 * hbarp)) +
    0.32 * Math.cos(toRadians(3 * hbarp + 6)) -
    0.2 * Math.cos(toRadians(4 * hbarp - 63));
  const dTheta = 30 * Math.exp(-Math.pow((hbarp - 275) / 25, 2));
  const Cbarp7 = Math.pow(Cbarp, 7);
  const RC = 2 * Math.sqrt(Cbarp7 / (Cbarp7 + 6103515625));
  const Lm50sq = (Lbarp - 50) * (Lbarp - 50);
  const SL = 1 + (0.015 * Lm50sq) / Math.sqrt(20 + Lm50sq);
  const SC = 1 + 0.045 * Cbarp;
  const SH = 1 + 0.015 * Cbarp * T;
  const RT = -Math.sin(toRadians(2 * dTheta)) * RC;

  const l = dLp / SL;
  const c = dCp / SC;
  const h = dHp / SH;
  return Math.sqrt(l * l + c * c + h * h + RT * c * h);
}

function hueAngle(b: number, ap: number): number {
  if (b === 0 && ap === 0) return 0;
  const deg = (Math.atan2(b, ap) * 180) / Math.PI;
  return deg >= 0 ? deg : deg + 360;
}

function toRadians(deg: number): number {
  return (deg * Math.PI) / 180;
}
