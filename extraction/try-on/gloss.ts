import type { LipField } from './lip-mask.ts';
import type { TryOnShade } from './types.ts';

/**
 * Specular highlights of a glossy or satin lip product, from the measured reflectance.
 *
 * The lip surface is modelled as a height field: a rounded cross-section from the distance to the
 * lip outline (a dome, highest along the middle of the lips) plus a relief that follows the lips'
 * own smoothed light (where the photo's light says a part bulges toward the light, the surface is
 * raised), so the seam and the shaded parts become valleys. Normals of that field lit by a key light
 * above the camera give a Blinn–Phong lobe: its strength is the measured specular intensity, its
 * sharpness the roughness (exponent 2/α² − 2, the Blinn–Phong equivalent of a microfacet roughness
 * α), and the lip lines break it up as they would a real gloss; the seam and deep creases, which
 * the light cannot reach, show none. A matte finish adds nothing.
 *
 * Only the lobe's rise above its median over the lips is added. The shade's colour was measured on the
 * product's face turned to the camera, under the same kind of light: the even part of the lobe (all a
 * rough, wide lobe has) is already in it, and adding it again would lay a haze over the whole mouth. A
 * sharp lobe's median is near zero, so a glossy highlight is kept whole.
 */

type Reflectance = NonNullable<TryOnShade['reflectance']>;

/** Reflectance per finish when none was measured: the middle of what the extractor reports for each. */
const FINISH_REFLECTANCE: Record<TryOnShade['finish'], Reflectance> = {
  matte: { specularIntensity: 0, glossiness: 0, roughness: 1 },
  satin: { specularIntensity: 0.25, glossiness: 0.3, roughness: 0.5 },
  shiny: { specularIntensity: 0.5, glossiness: 0.55, roughness: 0.3 },
  glossy: { specularIntensity: 0.8, glossiness: 0.85, roughness: 0.15 },
};

/** Light added at the lobe's peak for specular intensity 1, linear light (near white on any shade). */
const SPECULAR_PEAK = 0.85;
/** A glossier surface shows more of its specular intensity as a distinct highlight: share at glossiness 0. */
const GLOSSINESS_FLOOR = 0.5;
/** Roughness below this gives a lobe narrower than the crude normals of a height field can place. */
const MIN_ROUGHNESS = 0.1;
/**
 * How deep the rounded edge reaches, as a share of the mouth's half-thickness: a closed mouth is two
 * lips stacked, so each lip's own rounding spans about half of it; inside that the relief alone shapes it.
 */
const DOME_REACH = 0.5;
/** Height of the dome at the lips' thickest part, in units of that half-thickness. */
const DOME_HEIGHT = 0.6;
/** Height (in half-thicknesses) per unit of relative light: a part 20 % brighter stands 0.5 higher. */
const SHADING_RELIEF = 2.5;
/** Smoothing of the lips' light for the relief, as a share of the half-thickness (drops lines and noise). */
const RELIEF_BLUR_SHARE = 0.12;
/** How much a lip line cuts the highlight per unit of its darkening: a crease 10 % darker cuts it by 40 %. */
const LINE_BREAKUP = 4;
/**
 * A pixel that gets this share of the lips' mean light or less lies in the seam or a deep crease,
 * where the light cannot be mirrored toward the camera: its highlight fades out below 1 toward here.
 */
const OCCLUDED_BELOW = 0.7;
/** Direction toward the key light: above the camera and a little to the left, as in most portraits. */
const TO_LIGHT = normalise(-0.25, -0.55, 1);
/** Half vector between the light and the viewer (the camera looks along −z). */
const HALF = normalise(TO_LIGHT[0], TO_LIGHT[1], TO_LIGHT[2] + 1);

export function reflectanceOf(shade: TryOnShade): Reflectance {
  return shade.reflectance ?? FINISH_REFLECTANCE[shade.finish];
}

/**
 * Linear light added by the highlight at each pixel of the lips' box (before the edge's alpha), or
 * null when the finish shows none.
 */
export function specularLayer(field: LipField, relative: Float32Array, shade: TryOnShade): Float32Array | null {
  const reflectance = reflectanceOf(shade);
  if (shade.finish === 'matte' || !(reflectance.specularIntensity > 0) || !field.box) return null;
  const { depth } = field;
  const { width: bw, height: bh } = field.box;
  let halfThickness = 0;
  for (let k = 0; k < depth.length; k++) if (depth[k] > halfThickness) halfThickness = depth[k];
  if (halfThickness <= 0) return null;

  // The lips' light relative to their mean, inside the lips only, smoothed by normalised convolution.
  const value = new Float32Array(bw * bh);
  const weight = new Float32Array(bw * bh);
  for (let k = 0; k < depth.length; k++) {
    if (depth[k] > 0) {
      value[k] = relative[k] - 1;
      weight[k] = 1;
    }
  }
  const radius = Math.max(1, Math.round(halfThickness * RELIEF_BLUR_SHARE));
  const smoothValue = boxBlur(value, bw, bh, radius);
  const smoothWeight = boxBlur(weight, bw, bh, radius);

  const heightField = new Float32Array(bw * bh);
  const smooth = new Float32Array(bw * bh);
  for (let k = 0; k < heightField.length; k++) {
    if (!weight[k]) continue;
    smooth[k] = smoothWeight[k] > 0 ? smoothValue[k] / smoothWeight[k] : 0;
    const d = Math.min(1, depth[k] / (DOME_REACH * halfThickness));
    // A circular cross-section: 0 at the outline, 1 at the thickest part.
    const dome = Math.sqrt(1 - (1 - d) * (1 - d));
    heightField[k] = halfThickness * (DOME_HEIGHT * dome + SHADING_RELIEF * smooth[k]);
  }

  const roughness = Math.max(MIN_ROUGHNESS, Math.min(1, reflectance.roughness));
  const exponent = Math.max(1, 2 / (roughness * roughness) - 2);
  const glossiness = Math.min(1, Math.max(0, reflectance.glossiness));
  const peak = SPECULAR_PEAK * Math.min(1, reflectance.specularIntensity) * (GLOSSINESS_FLOOR + (1 - GLOSSINESS_FLOOR) * glossiness);

  const lobe = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const up = Math.max(0, y - 1) * bw;
    const down = Math.min(bh - 1, y + 1) * bw;
    for (let x = 0; x < bw; x++) {
      const k = y * bw + x;
      if (!weight[k]) continue;
      const gx = (heightField[y * bw + Math.min(bw - 1, x + 1)] - heightField[y * bw + Math.max(0, x - 1)]) / 2;
      const gy = (heightField[down + x] - heightField[up + x]) / 2;
      // Math.sqrt, not Math.hypot: hypot is several times slower and this runs per lip pixel.
      const facing = (-gx * HALF[0] - gy * HALF[1] + HALF[2]) / Math.sqrt(gx * gx + gy * gy + 1);
      if (facing <= 0) continue;
      const lines = Math.min(1.5, Math.max(0, 1 + LINE_BREAKUP * (value[k] - smooth[k])));
      const open = Math.min(1, Math.max(0, (relative[k] - OCCLUDED_BELOW) / (1 - OCCLUDED_BELOW)));
      lobe[k] = Math.pow(facing, exponent) * lines * open;
    }
  }
  const even = medianOver(lobe, weight);
  const out = new Float32Array(bw * bh);
  for (let k = 0; k < lobe.length; k++) if (weight[k] && lobe[k] > even) out[k] = peak * (lobe[k] - even);
  return out;
}

/** Median of `values` where `weight` is set (0 when none is). */
function medianOver(values: Float32Array, weight: Float32Array): number {
  const inside: number[] = [];
  for (let k = 0; k < values.length; k++) if (weight[k]) inside.push(values[k]);
  if (!inside.length) return 0;
  inside.sort((p, q) => p - q);
  return inside[inside.length >> 1];
}

function normalise(x: number, y: number, z: number): [number, number, number] {
  const n = Math.hypot(x, y, z);
  return [x / n, y / n, z / n];
}

/** Separable box blur of half-width `radius`, edges clamped. */
function boxBlur(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const span = 2 * radius + 1;
  for (let y = 0; y < height; y++) runningMean(src, tmp, y * width, 1, width, radius, span);
  for (let x = 0; x < width; x++) runningMean(tmp, out, x, width, height, radius, span);
  return out;
}

function runningMean(src: Float32Array, dst: Float32Array, start: number, step: number, length: number, radius: number, span: number): void {
  const at = (k: number) => src[start + Math.min(length - 1, Math.max(0, k)) * step];
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += at(k);
  for (let k = 0; k < length; k++) {
    dst[start + k * step] = sum / span;
    sum += at(k + radius + 1) - at(k - radius);
  }
}
