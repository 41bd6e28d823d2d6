import { pixelLightness } from '../color-space.ts';
import { selectQuantileInPlace } from '../extractors/order-statistics.ts';
import type { ExposureMeasure, Rect, RgbImage } from '../types.ts';
import { scratchFloat32 } from '../scratch.ts';

const CLIPPED_CHANNEL = 254;
const CLIPPED_L = 98;
const CRUSHED_L = 3;

/**
 * Exposure: how bright the backdrop is (a grey backdrop means an under-exposed photo) and how
 * much of the product region is clipped to white, has its colour cut off in a channel, or is crushed
 * to black.
 */
export function measureExposure(
  image: RgbImage,
  productMask: Uint8Array,
  regionMask: Uint8Array,
  /** A box holding every pixel of `regionMask`: only it is read. Null when the region is empty. */
  regionBox: Rect | null,
  bandWidth: number,
  productBox: Rect | null = null,
  /** L* of the band's backdrop pixels when the background measure already has them (reordered here). */
  bandBackdropL: Float32Array | null = null,
): ExposureMeasure {
  const { data, width } = image;
  const backdropL = bandBackdropL ?? bandLightness(image, productMask, bandWidth);
  const window = regionBox ?? { x: 0, y: 0, width: 0, height: 0 };
  const regionL = scratchFloat32('exposure.regionL', window.width * window.height);
  let n = 0, clipped = 0, colourClipped = 0, crushed = 0;
  for (let y = window.y; y < window.y + window.height; y++) {
    for (let x = window.x, i = y * width + x; x < window.x + window.width; x++, i++) {
      if (!regionMask[i]) continue;
      const j = i * 3;
      const L = pixelLightness(data, j);
      regionL[n++] = L;
      const anyClipped = data[j] >= CLIPPED_CHANNEL || data[j + 1] >= CLIPPED_CHANNEL || data[j + 2] >= CLIPPED_CHANNEL;
      if (anyClipped) {
        if (L >= CLIPPED_L) clipped++;
        else colourClipped++;
      }
      if (L <= CRUSHED_L) crushed++;
    }
  }
  const regionClipped = n ? clipped / n : 0;
  return {
    backgroundL: median(backdropL),
    productClippedShare: productBox ? Math.max(regionClipped, blownTopShare(image, productMask, productBox)) : regionClipped,
    productColourClippedShare: n ? colourClipped / n : 0,
    productCrushedShare: n ? crushed / n : 0,
    productL: median(regionL.subarray(0, n)),
  };
}

/** Top share of the product's outline where a bullet or cap shows. */
const TOP_ZONE = 0.3;
/** Below this coverage by the product mask, the top of the outline is not seen as product at all. */
const SEEN_COVERAGE = 0.3;

/**
 * A product blown out to white merges with a white backdrop: only its outline (a rim, the edge
 * of its tip) is told apart, so the convex outline of what was found encloses pixels the mask
 * does not cover. When the top of that outline is hardly covered by the mask, the share of
 * clipped pixels there is the share of the product that is blown; otherwise 0. (A tilted or
 * narrow-topped product fills its own convex outline, so its backdrop never counts.)
 */
function blownTopShare(image: RgbImage, productMask: Uint8Array, box: Rect): number {
  const { width, data } = image;
  const spans = convexRowSpans(productMask, width, box);
  const rows = Math.max(1, Math.round(box.height * TOP_ZONE));
  let area = 0, covered = 0, clipped = 0;
  for (let r = 0; r < rows; r++) {
    const [from, to] = spans[r];
    const y = box.y + r;
    for (let x = from, i = y * width + from; x <= to; x++, i++) {
      area++;
      if (productMask[i]) covered++;
      else if (data[i * 3] >= CLIPPED_CHANNEL && data[i * 3 + 1] >= CLIPPED_CHANNEL && data[i * 3 + 2] >= CLIPPED_CHANNEL) clipped++;
    }
  }
  return area > 0 && covered / area < SEEN_COVERAGE ? clipped / area : 0;
}

/** For each row of the box, the columns [from, to] inside the convex hull of the mask (empty: from > to). */
function convexRowSpans(mask: Uint8Array, width: number, box: Rect): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (let y = box.y; y < box.y + box.height; y++) {
    let first = -1, last = -1;
    for (let x = box.x, i = y * width + x; x < box.x + box.width; x++, i++) {
      if (!mask[i]) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first >= 0) points.push([first, y], [last, y]);
  }
  const hull = convexHull(points);
  return Array.from({ length: box.height }, (_, r) => hullSpan(hull, box.y + r));
}

/** Andrew's monotone chain; points sorted by x then y. */
function convexHull(points: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (sorted.length < 3) return sorted;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Array<[number, number]>) => {
    const chain: Array<[number, number]> = [];
    for (const p of list) {
      while (chain.length >= 2 && cross(chain[chain.length - 2], chain[chain.length - 1], p) <= 0) chain.pop();
      chain.push(p);
    }
    chain.pop();
    return chain;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/** Columns of row y inside a convex polygon. */
function hullSpan(hull: Array<[number, number]>, y: number): [number, number] {
  let from = Infinity, to = -Infinity;
  for (let k = 0; k < hull.length; k++) {
    const [x0, y0] = hull[k];
    const [x1, y1] = hull[(k + 1) % hull.length];
    if ((y < y0 && y < y1) || (y > y0 && y > y1)) continue;
    const xs = y0 === y1 ? [x0, x1] : [x0 + ((y - y0) / (y1 - y0)) * (x1 - x0)];
    for (const x of xs) {
      if (x < from) from = x;
      if (x > to) to = x;
    }
  }
  return [Math.ceil(from), Math.floor(to)];
}

/** L* of the border band's pixels outside the product (the backdrop), row by row without a callback. */
function bandLightness(image: RgbImage, productMask: Uint8Array, band: number): Float32Array {
  const { width, height, data } = image;
  const out = new Float32Array(width * height - Math.max(0, width - 2 * band) * Math.max(0, height - 2 * band));
  let n = 0;
  for (let y = 0; y < height; y++) {
    const whole = y < band || y >= height - band;
    for (let strip = 0; strip < (whole ? 1 : 2); strip++) {
      const from = y * width + (whole || strip === 0 ? 0 : Math.max(band, width - band));
      const to = y * width + (whole ? width : strip === 0 ? Math.min(band, width) : width);
      for (let i = from; i < to; i++) if (!productMask[i]) out[n++] = pixelLightness(data, i * 3);
    }
  }
  return out.subarray(0, n);
}

/** The value of rank ⌊n/2⌋ (the upper median), in linear time; 0 for no values. Reorders `values`. */
function median(values: Float32Array): number {
  return values.length === 0 ? 0 : selectQuantileInPlace(values, 0.5);
}
