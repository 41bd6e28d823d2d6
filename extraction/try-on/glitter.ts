import { SRGB_TO_LINEAR, hexToRgb } from '../color-space.ts';
import type { LipField } from './lip-mask.ts';
import type { TryOnShade } from './types.ts';
import { seededRandom } from '../seeded-random.ts';

/**
 * Glitter: solid sparkles of the measured particle colour, placed at random (seeded) over the lips
 * until they cover the measured share of the lip area, each `sizeRel` × the lip width across, as
 * the extractor defines them (mean particle diameter ÷ region width).
 */

export interface GlitterLayer {
  /** Linear RGB of the sparkle covering each pixel of the lips' box (3 per pixel); valid where `covered` is 1. */
  colour: Float32Array;
  covered: Uint8Array;
  /** Share of the lip pixels covered. */
  coverage: number;
}

/** Particle colour when the measurement has none: a neutral silver. */
const DEFAULT_PARTICLE = '#e4e4e8';
/** Each sparkle's size varies ±20 % about the measured mean, as real glitter does. */
const SIZE_SPREAD = 0.2;
/** A flake's brightness depends on which way it faces: 0.75–1.25 × its colour. */
const BRIGHTNESS_MIN = 0.75;
const BRIGHTNESS_SPREAD = 0.5;
/** Share of flakes turned just right to glint white at their centre, and the light that glint adds. */
const GLINT_SHARE = 0.2;
const GLINT_LIGHT = 0.6;
/** Give up placing after this many tries per sparkle the coverage needs (lips too small for the size). */
const TRIES_PER_SPARKLE = 20;

export function glitterLayer(field: LipField, shade: TryOnShade, seed: number): GlitterLayer | null {
  const p = shade.particles;
  if (!p || !p.present || !(p.coverage > 0) || !(p.sizeRel > 0) || !field.box) return null;
  const { depth } = field;
  const { width, height } = field.box;
  const lipPixels: number[] = [];
  for (let i = 0; i < depth.length; i++) if (depth[i] > 0) lipPixels.push(i);
  if (lipPixels.length === 0) return null;

  const lipWidth = field.box.width;
  const diameter = Math.max(1, p.sizeRel * lipWidth);
  const target = Math.min(1, p.coverage) * lipPixels.length;
  const [r, g, b] = hexToRgb(p.color ?? DEFAULT_PARTICLE).map((v) => SRGB_TO_LINEAR[v]);
  const random = seededRandom(seed);
  const covered = new Uint8Array(depth.length);
  const colour = new Float32Array(depth.length * 3);
  const maxTries = TRIES_PER_SPARKLE * Math.ceil(target / ((Math.PI * diameter * diameter) / 4)) + 100;
  let count = 0;
  for (let tries = 0; count < target && tries < maxTries; tries++) {
    const centre = lipPixels[Math.floor(random() * lipPixels.length)];
    const cx = centre % width;
    const cy = Math.floor(centre / width);
    const radius = (diameter * (1 - SIZE_SPREAD + 2 * SIZE_SPREAD * random())) / 2;
    const brightness = BRIGHTNESS_MIN + BRIGHTNESS_SPREAD * random();
    const glint = random() < GLINT_SHARE ? GLINT_LIGHT : 0;
    const reach = Math.ceil(radius);
    for (let y = Math.max(0, cy - reach); y <= Math.min(height - 1, cy + reach); y++) {
      for (let x = Math.max(0, cx - reach); x <= Math.min(width - 1, cx + reach); x++) {
        const i = y * width + x;
        const dx = x - cx;
        const dy = y - cy;
        // The centre pixel always belongs to its sparkle, so a sparkle smaller than a pixel still shows.
        if (depth[i] <= 0 || (dx * dx + dy * dy > radius * radius && (dx !== 0 || dy !== 0))) continue;
        if (!covered[i]) count++;
        covered[i] = 1;
        const shine = dx === 0 && dy === 0 ? glint : 0;
        colour[i * 3] = r * brightness + shine;
        colour[i * 3 + 1] = g * brightness + shine;
        colour[i * 3 + 2] = b * brightness + shine;
      }
    }
  }
  return { colour, covered, coverage: count / lipPixels.length };
}
