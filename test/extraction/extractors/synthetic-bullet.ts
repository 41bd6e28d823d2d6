/**
 * Small synthetic lipstick bullets as ExtractorInput, with known truth, for unit tests of the extractors.
 *
 * The bullet is a vertical cylinder on a backdrop. In linear light: its central 60 % is exactly the base
 * colour, and the flanks darken linearly to 70 % at the silhouette. A highlight stripe mixes the colour
 * toward white; glitter discs replace it with the glitter colour. Exposure and cast multiply the whole
 * photo (backdrop included) in linear light, then values clip and gain sensor noise.
 */
import type { ExtractorInput, Rect } from '../../../extraction/types.ts';
import { createRandom } from '../../fixtures/seeded-random.ts';
import { linearToSrgb, parseHex, srgbToLinear } from '../../fixtures/color-math.ts';

export interface Stripe {
  /** Centre across the bullet, −1 (left silhouette) … 1 (right). */
  centre: number;
  /** Half-width across the bullet in the same units. */
  halfWidth: number;
  /** Mix toward white at the stripe's centre, 0–1. */
  peak: number;
  /** 'soft': a Gaussian profile of σ = halfWidth; 'hard': a flat band with an anti-aliased edge. */
  profile: 'soft' | 'hard';
}

export interface BulletSpec {
  base: string;
  width: number;
  height: number;
  stripe: Stripe | null;
  /** A second, broad stripe: the soft light of a large source across the face, beside the highlight. */
  sheen: Stripe | null;
  glitter: { coverage: number; diameterRel: number; color: string } | null;
  backdrop: string;
  exposure: number;
  cast: [number, number, number];
  noise: number;
  seed: number;
  whiteReference: boolean;
}

export const defaultBullet: BulletSpec = {
  base: '#b22146',
  width: 240,
  height: 320,
  stripe: null,
  sheen: null,
  glitter: null,
  backdrop: '#ffffff',
  exposure: 1,
  cast: [1, 1, 1],
  noise: 1.5,
  seed: 7,
  whiteReference: true,
};

/** Finish stripes in the spirit of the product's finishes (see finish.ts for what defines each). */
export const stripes: Record<'satin' | 'shiny' | 'glossy', Stripe> = {
  satin: { centre: -0.3, halfWidth: 0.22, peak: 0.14, profile: 'soft' },
  shiny: { centre: -0.3, halfWidth: 0.08, peak: 0.45, profile: 'soft' },
  glossy: { centre: -0.3, halfWidth: 0.05, peak: 0.92, profile: 'hard' },
};

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function linearOf(hex: string): [number, number, number] {
  return parseHex(hex).map((v) => srgbToLinear(v / 255)) as [number, number, number];
}

function shadeAt(u: number): number {
  const d = Math.abs(u);
  return d <= 0.6 ? 1 : 1 - 0.3 * ((d - 0.6) / 0.4);
}

function stripeMix(u: number, s: Stripe | null, pixel: number): number {
  if (!s) return 0;
  const d = Math.abs(u - s.centre);
  if (s.profile === 'soft') return s.peak * Math.exp(-(d * d) / (2 * s.halfWidth * s.halfWidth));
  // Hard band with a one-pixel linear ramp at its edge.
  return s.peak * Math.min(1, Math.max(0, (s.halfWidth - d) / pixel + 0.5));
}

/** Glitter discs placed at random until they cover the requested share of the bullet. */
function glitterMask(rect: Rect, spec: BulletSpec, rand: () => number): Uint8Array {
  const mask = new Uint8Array(rect.width * rect.height);
  if (!spec.glitter) return mask;
  const radius = (spec.glitter.diameterRel * rect.width) / 2;
  const target = spec.glitter.coverage * rect.width * rect.height;
  let covered = 0;
  while (covered < target) {
    const cx = rand() * rect.width;
    const cy = rand() * rect.height;
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        if (x < 0 || y < 0 || x >= rect.width || y >= rect.height) continue;
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 > radius * radius) continue;
        if (!mask[y * rect.width + x]) covered++;
        mask[y * rect.width + x] = 1;
      }
    }
  }
  return mask;
}

export interface SyntheticBullet {
  input: ExtractorInput;
  /** Measured share of the bullet covered by glitter as rendered. */
  glitterCoverage: number;
}

export function renderBullet(overrides: Partial<BulletSpec> = {}): SyntheticBullet {
  const spec = { ...defaultBullet, ...overrides };
  const rand = createRandom(spec.seed);
  const rect: Rect = {
    x: Math.round(spec.width * 0.3),
    y: Math.round(spec.height * 0.15),
    width: Math.round(spec.width * 0.4),
    height: Math.round(spec.height * 0.7),
  };
  const base = linearOf(spec.base);
  const backdrop = linearOf(spec.backdrop);
  const glitterColour = spec.glitter ? linearOf(spec.glitter.color) : base;
  const glitter = glitterMask(rect, spec, rand);
  const data = new Uint8Array(spec.width * spec.height * 3);
  const mask = new Uint8Array(spec.width * spec.height);
  const pixelU = 2 / rect.width;
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const i = y * spec.width + x;
      const inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      let lin: number[] = backdrop;
      if (inside) {
        mask[i] = 1;
        const u = ((x + 0.5 - rect.x) / rect.width) * 2 - 1;
        const g = glitter[(y - rect.y) * rect.width + (x - rect.x)];
        const surface = g ? glitterColour : base.map((c) => c * shadeAt(u));
        const m = Math.min(1, stripeMix(u, spec.stripe, pixelU) + stripeMix(u, spec.sheen, pixelU));
        lin = surface.map((c) => c * (1 - m) + m);
      }
      for (let k = 0; k < 3; k++) {
        const exposed = Math.min(1, lin[k] * spec.exposure * spec.cast[k]);
        const v = 255 * linearToSrgb(exposed) + spec.noise * gaussian(rand);
        data[i * 3 + k] = Math.round(Math.min(255, Math.max(0, v)));
      }
    }
  }
  const glitterCoverage = glitter.reduce((n, v) => n + v, 0) / glitter.length;
  const whiteReference = spec.whiteReference ? backdropMean(data, mask) : null;
  return {
    input: { image: { width: spec.width, height: spec.height, data }, scale: 1, region: rect, mask, whiteReference, category: 'lipstick' },
    glitterCoverage,
  };
}

function backdropMean(data: Uint8Array, mask: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) continue;
    for (let k = 0; k < 3; k++) sum[k] += data[i * 3 + k];
    n++;
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}
