/**
 * A satin sheen on a flat smear: a broad, low-contrast lobe of white light over part of it, not a
 * clipped highlight. Cell by cell it hides in the grain (a satin smear's cells scatter by ±3 L*, its
 * sheen lifts them by 2–6), so it is read from the colour averaged over a neighbourhood, where the
 * noise falls by the square root of the cells averaged.
 *
 * Light reflected at the surface is the light's colour (white, before the backdrop's balance); light
 * from inside is the body colour scaled by the shading. So each neighbourhood's linear RGB is split
 * into k × body + s × white (least squares over the three channels), and s (above the clearest
 * windows') is taken off each of its cells: the colour under the sheen.
 *
 * Only for a flat smear (the 'swatch' category): lit from above, its diffuse light is even, so a lift
 * is sheen. On a bullet the lit face is where the colour is read and the sheen lies on it: taking
 * the sheen off every part moved the real photos (whose truth is a hand measurement of the visible
 * face, sheen included) from median ΔE00 2.15 to 4.09; leaving out only a lobe covering under half
 * the face cost them 0.2 and darkened the clean renders' bullets (p90 1.95 → 2.38). And only on a
 * satin finish: a glossy film mirrors the light in a sharp stripe (the highlight mask's), and the
 * glints of its texture fake a sheen (textured glossy brick swatch render: ΔE00 0.05 → 2.01).
 */
import type { Lab } from '../types.ts';
import type { RegionGrid } from './region-grid.ts';
import { labToXyz, linearRgbToXyz, srgbChannelToLinear, xyzToLab, xyzToLinearRgb } from '../color-space.ts';
import { scratchFloat64 } from '../scratch.ts';

/** Half-width of the averaging window: a tenth of the region's short side, at least 2 cells. */
const WINDOW_SHARE = 0.1;
const MIN_RADIUS = 2;
/**
 * White share (of the backdrop's white) taken off; less is left: at mid lightness 0.005 lifts L* by
 * under 1, which the grain can fake in a window.
 */
const MIN_WHITE = 0.005;
/**
 * A near-grey body cannot tell white light from more of itself (its linear RGB is nearly a multiple
 * of white): below this spread of its channels (standard deviation ÷ mean) no split is made.
 */
const MIN_BODY_TINT = 0.15;
/**
 * The white share is measured against the body's dense colour, which a sheen over much of the smear
 * has already whitened (and a dark shade's grain biases): the sheen is the share above the clearest
 * windows', the 10th percentile. Swatch renders (ΔE00 at the 0th / 10th / 25th percentile): dark satin
 * on grey 2.48 / 1.89 / 1.20, medium pink on skin 0.65 / 0.14 / 0.61, satin brown 1.22 / 0.63 / 0.22,
 * dark satin with glitter 2.54 / 1.52 / 0.86, mauve on pink paper 0.34 / 0.49 / 1.09: the 10th is
 * never the worst.
 */
const CLEAR_QUANTILE = 0.1;

const LINEAR = Float64Array.from({ length: 256 }, (_, v) => srgbChannelToLinear(v / 255));

/** Mean linear RGB over the window around each given cell, counting only `surface` cells (summed-area tables). */
function windowMeans(grid: RegionGrid, surface: Int32Array, cells: Int32Array, radius: number): Float64Array {
  const { width: w, height: h, rgb } = grid;
  const W = w + 1;
  const size = W * (h + 1);
  const sums = [0, 1, 2, 3].map((k) => scratchFloat64(`sheen.sum${k}`, size).fill(0));
  for (const c of surface) {
    const k = (((c / w) | 0) + 1) * W + (c % w) + 1;
    for (let ch = 0; ch < 3; ch++) sums[ch][k] = LINEAR[rgb[c * 3 + ch]];
    sums[3][k] = 1;
  }
  for (const s of sums) {
    for (let y = 1; y <= h; y++) for (let x = 1; x <= w; x++) s[y * W + x] += s[y * W + x - 1] + s[(y - 1) * W + x] - s[(y - 1) * W + x - 1];
  }
  const out = new Float64Array(cells.length * 3);
  cells.forEach((c, i) => {
    const y = (c / w) | 0, x = c % w;
    const x0 = Math.max(0, x - radius), x1 = Math.min(w, x + radius + 1);
    const y0 = Math.max(0, y - radius), y1 = Math.min(h, y + radius + 1);
    const box = (s: Float64Array) => s[y1 * W + x1] - s[y0 * W + x1] - s[y1 * W + x0] + s[y0 * W + x0];
    const n = Math.max(1, box(sums[3]));
    for (let ch = 0; ch < 3; ch++) out[i * 3 + ch] = box(sums[ch]) / n;
  });
  return out;
}

/** White share s of c = k × body + s × (1, 1, 1), least squares. */
function whiteShare(c: ArrayLike<number>, at: number, body: readonly number[]): number {
  const sp = body[0] + body[1] + body[2];
  const spp = body[0] ** 2 + body[1] ** 2 + body[2] ** 2;
  const sc = c[at] + c[at + 1] + c[at + 2];
  const scp = c[at] * body[0] + c[at + 1] * body[1] + c[at + 2] * body[2];
  return (spp * sc - sp * scp) / (3 * spp - sp * sp);
}

/**
 * The grid's CIELAB with the sheen's white light taken off the given cells, or null when the body is
 * too grey to tell or no cell lies under a sheen.
 */
export function withoutBroadSheen(grid: RegionGrid, surface: Int32Array, cells: Int32Array, body: Lab): Float32Array | null {
  if (cells.length < 50) return null;
  const bodyLinear = xyzToLinearRgb(...labToXyz(body));
  const mean = (bodyLinear[0] + bodyLinear[1] + bodyLinear[2]) / 3;
  const deviation = Math.sqrt(bodyLinear.reduce((s, v) => s + (v - mean) ** 2, 0) / 3);
  if (!(mean > 0) || deviation / mean < MIN_BODY_TINT) return null;
  const radius = Math.max(MIN_RADIUS, Math.round(WINDOW_SHARE * Math.min(grid.width, grid.height)));
  const means = windowMeans(grid, surface, cells, radius);
  const shares = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) shares[i] = whiteShare(means, i * 3, bodyLinear);
  const clearest = Float64Array.from(shares).sort()[Math.floor(CLEAR_QUANTILE * (cells.length - 1))];
  let lab: Float32Array | null = null;
  for (let i = 0; i < cells.length; i++) {
    const s = shares[i] - clearest;
    if (s <= MIN_WHITE) continue;
    lab ??= grid.lab.slice();
    const c = cells[i];
    const [r, g, b] = [0, 1, 2].map((ch) => Math.max(0, LINEAR[grid.rgb[c * 3 + ch]] - s));
    const under = xyzToLab(...linearRgbToXyz(r, g, b));
    lab[c * 3] = under.L;
    lab[c * 3 + 1] = under.a;
    lab[c * 3 + 2] = under.b;
  }
  return lab;
}
