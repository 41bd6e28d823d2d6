/**
 * White reference: the backdrop's colour tells the photo's cast and exposure, and mapping it to white
 * (von Kries: one gain per channel in linear RGB) undoes them. Where the backdrop's brightest channel
 * is at the exposure's white, the light's cast lowered only the others, and they are brought up to it;
 * otherwise the backdrop is made neutral at its own luminance and the exposure read from that.
 *
 * Clamped on purpose. A near-white backdrop within the band of real papers (L* ≥ 97) is taken as white
 * already: off-white paper and a slightly dark exposure of white paper look the same, and correcting
 * paper that is truly off-white would brighten every product on it. A backdrop too coloured or too dark
 * to be a lit white surface is not used at all.
 *
 * Only what is evidence of the light is corrected. A tinted paper (cream, pink) is not white paper in
 * tinted light: its colour is left alone when it cannot be a light's (off the daylight–tungsten axis)
 * or when it is stronger than a mild cast and darkens every channel (a light's cast leaves the
 * channel it favours at the exposure's white). A backdrop blown out to 255 says nothing about the exposure, except where its unclipped
 * falloff towards the corners (vignetting) shows how far above white it lies at the product.
 */
import { SRGB_TO_LINEAR, chroma, linearRgbToXyz, xyzToLab } from '../color-space.ts';
import type { ExtractorInput, Rect, RgbImage } from '../types.ts';
import { borderBandWidth } from '../segmentation.ts';

export type WhiteReferenceStatus = 'absent' | 'neutral' | 'corrected' | 'tinted' | 'rejected';

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
/** The strongest darkening we trust from a falloff fit (a backdrop ≈ ⅔ stop above white at the product). */
const MAX_OVER_EXPOSURE = 1.6;

/**
 * Below this chroma a backdrop's tint is too small to tell paper from light, and correcting it either
 * way moves the shade by well under a ΔE00.
 */
const TINT_MIN_CHROMA = 3;
/**
 * Where the white of a light lies in a*b*: a white surface under warm (tungsten) light drifts towards
 * hue ≈ 84° (a gain of 1, 0.9, 0.75 in linear RGB reads a* 1.1, b* 10.1), under cool (daylight, shade)
 * light towards hue ≈ 250° (0.85, 0.93, 1 reads a* −1.8, b* −5.0). Unit vectors.
 */
const WARM_AXIS: [number, number] = [0.106, 0.994];
const COOL_AXIS: [number, number] = [-0.342, -0.94];
/**
 * Largest distance (ΔE*ab) of a light's white from that axis. Magenta or green beyond it (a pink
 * paper: a* 6, b* 3) is the surface's own colour.
 */
const MAX_OFF_AXIS = 3;
/**
 * A faint tint is judged by its direction as well: one whose hue lies more than this angle from the light
 * axis (its distance from the axis over its chroma, as a sine) is the surface's own even within
 * MAX_OFF_AXIS. The whites of lights between tungsten and daylight lie within 7° of the axis (a linear
 * gain of 1, 0.75, 0.5 reads a* 5.0, b* 22, 6.9° off; 0.8, 0.9, 1 reads a* −1.9, b* −6.9, 4.6° off);
 * the renders' casts lie on it. A pale pink or beige tabletop does not: on the development shop photos a
 * blush compact on a pink table (backdrop a* 2.8, b* 5.4, 21° off) was lifted and neutralised to 7.2
 * ΔE00 from its hand crop (0.3 as shot), and a gloss on light beige (a* 2.3, b* 3.5, 27°) to 2.7 (0.2);
 * at 15° those two change and nothing else, of the photos and of every render. 10° would take a third
 * (13° off, 4.3 → 3.2) but leave less room for a real light's spread about the axis.
 */
const MAX_OFF_AXIS_ANGLE = (15 * Math.PI) / 180;
/**
 * A cast leaves the channel the light favours at the white of the exposure; a tinted paper lowers
 * every channel (cream #f4ead9 peaks at 244). Under this 8-bit level for its brightest channel, a
 * backdrop's tint is the light's only while it stays within the size of a mild cast (the standards
 * call #fff8ee, chroma 5.7, and #eef3ff, 6.4, mild): a mild cast in an under-exposed photo is
 * common, a cast near the refusal limit together with an under-exposure is not — that is paper.
 */
const CAST_WHITE_LEVEL = 250;
const MILD_CAST_CHROMA = 6.5;

const IDENTITY: [number, number, number] = [1, 1, 1];

function luminance(r: number, g: number, b: number): number {
  return 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
}

/** Distance (ΔE*ab) of a backdrop's a*, b* from the axis the white of a light moves along. */
export function offLightAxis(a: number, b: number): number {
  const [ua, ub] = b >= 0 ? WARM_AXIS : COOL_AXIS;
  const along = a * ua + b * ub;
  if (along <= 0) return Math.hypot(a, b);
  return Math.abs(a * ub - b * ua);
}

/**
 * Whether the backdrop's tint is the surface's own: off the light axis (by distance or by angle), or
 * stronger than a mild cast with every channel below the exposure's white.
 */
function isTintedSurface(reference: [number, number, number], a: number, b: number): boolean {
  const c = chroma(a, b);
  if (c <= TINT_MIN_CHROMA) return false;
  const off = offLightAxis(a, b);
  return off > MAX_OFF_AXIS || off > Math.sin(MAX_OFF_AXIS_ANGLE) * c || (c > MILD_CAST_CHROMA && Math.max(...reference) < CAST_WHITE_LEVEL);
}

/**
 * @param reference mean sRGB (0–255) of the backdrop band, null when there is no backdrop
 * @param falloff the backdrop's brightness across the frame when its falloff could be measured (see
 *   measureBackdropFalloff): it then sets the exposure instead of the band's mean.
 * @param holdsWhite whether the photo itself holds its exposure's white (see holdsExposureWhite), asked
 *   only when the band's mean would lift the exposure: a band darker than paper is then not under-exposed
 *   paper, and the exposure is left as it is.
 */
export function whiteBalanceFrom(
  reference: [number, number, number] | null,
  falloff: BackdropFalloff | null = null,
  holdsWhite: () => boolean = () => false,
): WhiteBalance {
  if (!reference) return { gains: IDENTITY, status: 'absent' };
  const lin = reference.map((v) => SRGB_TO_LINEAR[Math.round(Math.min(255, Math.max(0, v)))]) as [number, number, number];
  const lab = xyzToLab(...linearRgbToXyz(lin[0], lin[1], lin[2]));
  if (chroma(lab.a, lab.b) > MAX_BACKDROP_CHROMA || lab.L < MIN_BACKDROP_L || Math.min(...lin) <= 0) {
    return { gains: IDENTITY, status: 'rejected' };
  }
  if (isTintedSurface(reference, lab.a, lab.b)) return { gains: IDENTITY, status: 'tinted' };
  // A falloff measured across the band says more about the exposure than the band's brightest channel.
  const gains = !falloff && Math.max(...reference) >= CAST_WHITE_LEVEL ? castAtWhite(lin) : neutralAtLuminance(lin, falloff, holdsWhite);
  const changed = gains.some((g) => Math.abs(g - 1) > 0.002);
  return { gains: changed ? gains : IDENTITY, status: changed ? 'corrected' : 'neutral' };
}

/**
 * A light's cast with its favoured channel at the exposure's white (see CAST_WHITE_LEVEL): each channel
 * is brought up to that channel's level, so the backdrop turns neutral at the exposure's white and the
 * exposure stays as it is.
 * Made neutral at its own luminance instead, a warm cast's backdrop would read darker than white and
 * darken every shade with it (under a 4–10 % warm cast by about 1.5 L*).
 */
function castAtWhite(lin: [number, number, number]): [number, number, number] {
  const top = Math.max(...lin);
  return [top / lin[0], top / lin[1], top / lin[2]];
}

/** The backdrop made neutral at its own luminance, times the exposure read from its falloff or its brightness. */
function neutralAtLuminance(lin: [number, number, number], falloff: BackdropFalloff | null, holdsWhite: () => boolean): [number, number, number] {
  const y = luminance(lin[0], lin[1], lin[2]);
  const exposure = falloff ? exposureFromFalloff(falloff) : exposureFromMean(y, holdsWhite);
  return [(y / lin[0]) * exposure, (y / lin[1]) * exposure, (y / lin[2]) * exposure];
}

/**
 * The backdrop as white reference for an extractor's input: its band's mean colour for the cast, and
 * for the exposure its brightness at the product where the band's falloff shows it (a backdrop
 * clipped in the middle).
 */
export function whiteBalanceFor(input: ExtractorInput): WhiteBalance {
  const reference = input.whiteReference;
  if (!reference) return whiteBalanceFrom(null);
  const { width, height } = input.image;
  const falloff = measureBackdropFalloff(input.image, reference, borderBandWidth(width, height), input.region);
  return whiteBalanceFrom(reference, falloff, () => holdsExposureWhite(input.image));
}

/** An 8-bit level at which every channel of a pixel counts as the exposure's white (JPEG keeps pure white within a few codes). */
const EXPOSURE_WHITE_LEVEL = 250;
/**
 * Share of the frame at the exposure's white from which the photo is taken to reach white. A glossy
 * bullet's specular highlights cover a few tenths of a per cent of a packshot (0.3 % in the renders),
 * and an under-exposed photo has none; a white backdrop in the middle of a frame whose border is greyer
 * (a shop's grey edge, a vignette the falloff fit could not read) or white packaging covers far more.
 * On the development shop photos 6 of the 14 photos whose band is lifted hold 11–47 % white, the rest
 * under 0.3 %.
 */
const EXPOSURE_WHITE_SHARE = 0.01;

/**
 * Whether the photo holds its exposure's white: a share of its pixels at the 8-bit white in every
 * channel. Then a border band darker than paper is a grey edge, a vignette or a grey or beige paper in a
 * well exposed photo, not white paper under-exposed, and lifting the exposure to it would lighten
 * every shade (on the shop photos by 2–5 L*).
 */
export function holdsExposureWhite(image: RgbImage): boolean {
  const { data } = image;
  const pixels = data.length / 3;
  const needed = Math.ceil(pixels * EXPOSURE_WHITE_SHARE);
  let white = 0;
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] >= EXPOSURE_WHITE_LEVEL && data[i + 1] >= EXPOSURE_WHITE_LEVEL && data[i + 2] >= EXPOSURE_WHITE_LEVEL && ++white >= needed) return true;
  }
  return false;
}

/** The gain on luminance of a white balance: how much it brightens (above 1) or darkens the photo. */
export function exposureGainOf(balance: WhiteBalance): number {
  const [r, g, b] = balance.gains;
  return luminance(r, g, b);
}

/**
 * Only a backdrop darker than real papers is lifted, up to the paper level, and not in a photo that holds
 * its exposure's white elsewhere (a pass over the pixels, made only when a lift is in question).
 * On the development shop photos the lift reads swatches and packshots on light grey or beige paper
 * (L* 86–95, chroma 0–6) lighter than their hand crops, which take the pixels as shot: without this
 * lift 5 photos read closer (5.9 → 2.9, 7.2 → 3.2) and none further, all within ΔE00 5 77 → 78 %. The
 * renders' under-exposed white paper (L* 87, neutral) looks the same and needs it: without the lift the
 * light set reads median 1.16 → 2.63, the web set p90 1.22 → 1.46, the hard set p90 1.11 → 1.58.
 * Lifting up to L* 100 instead of PAPER_L read 9 shop photos further.
 */
function exposureFromMean(y: number, holdsWhite: () => boolean = () => false): number {
  return y < PAPER_Y && !holdsWhite() ? Math.min(MAX_EXPOSURE_GAIN, PAPER_Y / y) : 1;
}

/**
 * From a measured falloff: the backdrop's level in the frame's centre sets the exposure (a level above
 * clipping is brought back to white, one below the paper level lifted as a mean would be), and the
 * vignetting between the centre and the product, which darkens the product as much as the backdrop
 * beside it, is undone.
 */
function exposureFromFalloff(falloff: BackdropFalloff): number {
  const centre = Math.min(MAX_OVER_EXPOSURE, falloff.centre);
  const exposure = centre > 1 ? 1 / centre : exposureFromMean(centre);
  const vignetting = Math.min(MAX_EXPOSURE_GAIN, falloff.centre / Math.max(falloff.whiteAtProduct, 1e-3));
  return exposure * Math.max(1, vignetting);
}

/** Radial bins of the falloff fit, over the squared distance from the frame's centre. */
const FALLOFF_BINS = 32;
/** A bin whose median brightest channel reaches this 8-bit level is clipped: it only bounds the fit. */
const CLIPPED_LEVEL = 252;
/** Steps of the luminance histograms (linear 0–1): 1/2048 is below one 8-bit code near white, and medians are interpolated within a step. */
const LUMINANCE_STEPS = 2048;
/** Pixels a bin needs before its median counts. */
const MIN_BIN_PIXELS = 30;
/** Unclipped bins, and the share of the squared radius they must span, before a line through them is trusted. */
const MIN_FIT_BINS = 3;
const MIN_FIT_SPAN = 0.06;
/** Largest RMS (linear Y) of the bins about the fitted line: vignetting is smooth, shadows and objects are not. */
const MAX_FIT_RESIDUAL = 0.01;
/** How far a backdrop pixel's channel ratios may stray from the band's mean and still be backdrop. */
const MAX_RATIO_GAP = 0.08;

export interface BackdropFalloff {
  /** Linear luminance of the backdrop extrapolated to the product's centre (1 = white, above 1 clipped). */
  whiteAtProduct: number;
  /** Fitted luminance at the frame's centre and its change per unit of squared relative radius. */
  centre: number;
  slope: number;
}

/**
 * The backdrop's brightness as a function of the distance from the frame's centre, measured in the
 * border band: lens vignetting darkens a lit backdrop smoothly with the squared radius, so where the
 * corners fall below clipping their trend tells how bright the clipped middle is. Fitted on the
 * medians of radial bins (noise and stray pixels do not move a median), linear in the squared radius
 * (for the natural cos⁴ falloff, which is steeper in the middle, a line through the outer part
 * under-estimates the middle: the correction errs towards too little), and trusted only when the
 * unclipped bins lie on a falling line, span enough radius, and every clipped bin lies inward of
 * them where the line is above clipping. Null when the backdrop gives no such evidence (a backdrop
 * blown out to 255 everywhere, an even unclipped backdrop, a shadow or an object in the band).
 */
export function measureBackdropFalloff(
  image: RgbImage,
  reference: [number, number, number],
  band: number,
  product: Rect,
): BackdropFalloff | null {
  const { width, height, data } = image;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const cornerSq = cx * cx + cy * cy || 1;
  const refLin = reference.map((v) => SRGB_TO_LINEAR[Math.round(Math.min(255, Math.max(0, v)))]);
  const refRg = refLin[0] / refLin[1];
  const refBg = refLin[2] / refLin[1];
  // Per radial bin: a histogram of the brightest channel's 8-bit level and one of the luminance.
  const levels = new Uint32Array(FALLOFF_BINS * 256);
  const luminances = new Uint32Array(FALLOFF_BINS * LUMINANCE_STEPS);
  const counts = new Uint32Array(FALLOFF_BINS);
  if (cornersClipped(image, band)) return null;
  const visit = (x: number, y: number): void => {
    const j = (y * width + x) * 3;
    const r = data[j], g = data[j + 1], b = data[j + 2];
    const lr = SRGB_TO_LINEAR[r], lg = SRGB_TO_LINEAR[g], lb = SRGB_TO_LINEAR[b];
    if (lg <= 0.2) return;
    if (Math.abs(lr / lg - refRg) > MAX_RATIO_GAP || Math.abs(lb / lg - refBg) > MAX_RATIO_GAP) return;
    const rho = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / cornerSq;
    const bin = Math.min(FALLOFF_BINS - 1, Math.floor(rho * FALLOFF_BINS));
    levels[bin * 256 + Math.max(r, g, b)]++;
    luminances[bin * LUMINANCE_STEPS + Math.min(LUMINANCE_STEPS - 1, Math.floor(luminance(lr, lg, lb) * LUMINANCE_STEPS))]++;
    counts[bin]++;
  };
  // Every second pixel of every second row of the band: tens of thousands of samples, a fraction of a pass.
  for (let y = 0; y < height; y += 2) {
    if (y < band || y >= height - band) {
      for (let x = 0; x < width; x += 2) visit(x, y);
    } else {
      for (let x = 0; x < band; x += 2) visit(x, y);
      for (let x = width - 1; x >= width - band; x -= 2) visit(x, y);
    }
  }
  const clipped: number[] = [];
  const points: Array<{ rho: number; y: number; n: number }> = [];
  for (let bin = 0; bin < FALLOFF_BINS; bin++) {
    const n = counts[bin];
    if (n < MIN_BIN_PIXELS) continue;
    const rho = (bin + 0.5) / FALLOFF_BINS;
    if (histogramMedian(levels, bin * 256, 256, n) >= CLIPPED_LEVEL) clipped.push(rho);
    else points.push({ rho, y: histogramMedian(luminances, bin * LUMINANCE_STEPS, LUMINANCE_STEPS, n) / LUMINANCE_STEPS, n });
  }
  if (points.length < MIN_FIT_BINS) return null;
  const span = points[points.length - 1].rho - points[0].rho;
  if (span < MIN_FIT_SPAN) return null;
  const fit = weightedLine(points);
  if (!fit || fit.slope >= 0 || fit.residual > MAX_FIT_RESIDUAL) return null;
  // Clipping must be explained by the line: only inward of the unclipped bins, where the line is near white or above.
  const predicted = (rho: number): number => fit.centre + fit.slope * rho;
  if (clipped.some((rho) => rho > points[0].rho || predicted(rho) < SRGB_TO_LINEAR[CLIPPED_LEVEL])) return null;
  const px = product.x + product.width / 2 - cx;
  const py = product.y + product.height / 2 - cy;
  return { whiteAtProduct: predicted((px * px + py * py) / cornerSq), centre: fit.centre, slope: fit.slope };
}

/**
 * Whether all four corners of the frame, where vignetting darkens the backdrop most, are clipped:
 * then (the falloff being monotonic) the whole band is, and there is no falloff to measure. Most
 * photos on a white backdrop end here after a few hundred pixels.
 */
function cornersClipped(image: RgbImage, band: number): boolean {
  const { width, height, data } = image;
  const side = Math.max(1, Math.min(band, width >> 1, height >> 1));
  for (const [x0, y0] of [[0, 0], [width - side, 0], [0, height - side], [width - side, height - side]]) {
    let clipped = 0, seen = 0;
    for (let y = y0; y < y0 + side; y += 2) {
      for (let x = x0, j = (y * width + x) * 3; x < x0 + side; x += 2, j += 6) {
        seen++;
        if (Math.max(data[j], data[j + 1], data[j + 2]) >= CLIPPED_LEVEL) clipped++;
      }
    }
    if (clipped * 2 < seen) return false;
  }
  return true;
}

/** Least-squares line y = centre + slope·rho, weighted by the bins' pixel counts, with its weighted RMS residual. */
function weightedLine(points: Array<{ rho: number; y: number; n: number }>): { centre: number; slope: number; residual: number } | null {
  let sw = 0, sx = 0, sy = 0;
  for (const p of points) { sw += p.n; sx += p.n * p.rho; sy += p.n * p.y; }
  const mx = sx / sw, my = sy / sw;
  let sxx = 0, sxy = 0;
  for (const p of points) { sxx += p.n * (p.rho - mx) ** 2; sxy += p.n * (p.rho - mx) * (p.y - my); }
  if (sxx <= 0) return null;
  const slope = sxy / sxx;
  const centre = my - slope * mx;
  let sq = 0;
  for (const p of points) sq += p.n * (p.y - centre - slope * p.rho) ** 2;
  return { centre, slope, residual: Math.sqrt(sq / sw) };
}

/**
 * Median of the values counted in histogram[from, from + steps), interpolated within its step (the
 * values of a step are taken as spread evenly over it), so noise averages below one step.
 */
function histogramMedian(histogram: Uint32Array, from: number, steps: number, n: number): number {
  const half = n / 2;
  let below = 0;
  for (let k = 0; k < steps; k++) {
    const count = histogram[from + k];
    if (below + count >= half) return k + (count > 0 ? (half - below) / count : 0);
    below += count;
  }
  return steps;
}
