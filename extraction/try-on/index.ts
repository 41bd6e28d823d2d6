import sharp from 'sharp';
import { labToRgb, rgbToLab } from '../color-space.ts';

/**
 * Virtual try-on on a face photo: the lips recoloured to a shade in CIELAB, keeping the lip's own
 * lightness texture (creases, shading), with a feathered edge. Pure: bytes in, PNG bytes out.
 * Coordinates are pixels of the upright photo, origin top-left, x right, y down.
 */
export type Point = [number, number];
export interface LipRegion {
  outer: Point[];
  inner?: Point[];
}
export interface TryOnShade {
  lab: { L: number; a: number; b: number };
  finish: 'matte' | 'satin' | 'shiny' | 'glossy';
  reflectance?: { specularIntensity: number; glossiness: number; roughness: number };
  particles?: { present: boolean; coverage: number; sizeRel: number; color: string | null };
}
export interface TryOnOptions {
  seed?: number;
  feather?: number;
  maxSide?: number;
}

/** How much of the lip's own lightness variation is kept around the shade's L*. */
const TEXTURE_KEPT = 0.6;

async function decodeUpright(photo: Buffer, maxSide?: number) {
  let pipeline = sharp(photo, { failOn: 'error', pages: 1, autoOrient: true }).toColourspace('srgb').removeAlpha();
  const meta = await sharp(photo, { autoOrient: true }).metadata();
  const width0 = meta.width ?? 0;
  const height0 = meta.height ?? 0;
  if (maxSide && Math.max(width0, height0) > maxSide) {
    const scale = maxSide / Math.max(width0, height0);
    pipeline = pipeline.resize({ width: Math.round(width0 * scale), height: Math.round(height0 * scale), fit: 'fill' });
  }
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, scale: info.width / Math.max(1, width0) };
}

const scaled = (points: Point[] | undefined, s: number): Point[] | undefined => points?.map(([x, y]) => [x * s, y * s] as Point);

export async function renderTryOn(photo: Buffer, lips: LipRegion, shade: TryOnShade, options: TryOnOptions = {}): Promise<Buffer> {
  const { data, width, height, scale } = await decodeUpright(photo, options.maxSide);
  const region: LipRegion = { outer: scaled(lips.outer, scale)!, inner: scaled(lips.inner, scale) };
  const feather = options.feather ?? Math.max(1, Math.round(Math.min(width, height) / 200));
  const mask = lipMask(width, height, region, feather);
  // The lip's mean lightness: the texture is kept as the deviation from it.
  let sumL = 0;
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] < 0.5) continue;
    sumL += rgbToLab(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]).L;
    count++;
  }
  const meanL = count ? sumL / count : shade.lab.L;
  const out = Buffer.from(data);
  for (let i = 0; i < mask.length; i++) {
    const w = mask[i];
    if (w <= 0) continue;
    const lab = rgbToLab(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]);
    const L = Math.min(100, Math.max(0, shade.lab.L + TEXTURE_KEPT * (lab.L - meanL)));
    const [r, g, b] = labToRgb({ L, a: shade.lab.a, b: shade.lab.b });
    out[i * 3] = Math.round(data[i * 3] * (1 - w) + r * w);
    out[i * 3 + 1] = Math.round(data[i * 3 + 1] * (1 - w) + g * w);
    out[i * 3 + 2] = Math.round(data[i * 3 + 2] * (1 - w) + b * w);
  }
  return sharp(out, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/**
 * The lips as the reddest compact area of the photo: pixels whose a* stands well above the photo's
 * (and above a floor), their outline as a convex hull. Null when nothing red enough is found.
 */
export async function findLips(photo: Buffer): Promise<LipRegion | null> {
  const { data, width, height, scale } = await decodeUpright(photo, 256);
  const n = width * height;
  const a = new Float32Array(n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const lab = rgbToLab(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]);
    // Redness: a* beyond what the skin's b* explains (skin is orange-ish, lips are red-purple).
    a[i] = lab.a - 0.5 * Math.max(0, lab.b);
    sum += a[i];
    sumSq += a[i] * a[i];
  }
  const m = sum / n;
  const sd = Math.sqrt(Math.max(0, sumSq / n - m * m));
  const threshold = Math.max(8, m + 1.5 * sd);
  const points: Point[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (a[y * width + x] > threshold) points.push([x, y]);
  if (points.length < Math.max(12, n * 0.002)) return null;
  const hull = convexHull(points);
  if (hull.length < 3) return null;
  return { outer: hull.map(([x, y]) => [Math.round((x + 0.5) / scale), Math.round((y + 0.5) / scale)] as Point) };
}

/** Andrew's monotone chain. */
function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const cross = (o: Point, p: Point, q: Point) => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (const p of sorted.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Even-odd fill of a polygon, 1 inside (pixel centres). */
function fillPolygon(width: number, height: number, polygon: Point[], out: Float32Array, value: number): void {
  if (polygon.length < 3) return;
  const xs: number[] = [];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    xs.length = 0;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [xi, yi] = polygon[i];
      const [xj, yj] = polygon[j];
      if (yi > cy !== yj > cy) xs.push(xi + ((cy - yi) * (xj - xi)) / (yj - yi));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(width - 1, Math.floor(xs[k + 1] - 0.5));
      for (let x = from; x <= to; x++) out[y * width + x] = value;
    }
  }
}

/** A separable box blur of `radius` pixels, in place. */
function boxBlur(mask: Float32Array, width: number, height: number, radius: number): void {
  if (radius < 1) return;
  const tmp = new Float32Array(mask.length);
  const r = Math.round(radius);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      let c = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++, c++) s += mask[y * width + k];
      tmp[y * width + x] = s / c;
    }
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++) {
      let s = 0;
      let c = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++, c++) s += tmp[k * width + x];
      mask[y * width + x] = s / c;
    }
}

/** The lip area as weights 0–1 per pixel (row-major): the outer polygon less the inner one, edges feathered over `feather` pixels. */
export function lipMask(width: number, height: number, lips: LipRegion, feather: number): Float32Array {
  const mask = new Float32Array(width * height);
  fillPolygon(width, height, lips.outer, mask, 1);
  if (lips.inner) fillPolygon(width, height, lips.inner, mask, 0);
  boxBlur(mask, width, height, feather);
  return mask;
}
