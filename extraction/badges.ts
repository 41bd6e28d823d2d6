/**
 * Award badges and shop stickers: a round seal ("best of beauty", "clean at …", a price roundel) set
 * beside the product in a shop packshot. It is colourful, whole and often bigger than the bullet, so
 * a colour part looked for among the product's objects can land on it. It is told from the product by
 * what no shade shows together:
 * - a separate object, set in a corner of the frame (a shop pins its seal there; the product stands in
 *   the middle), beside another object at least a quarter its size (in a thumbnail the seal can be
 *   the larger);
 * - round: its box square, the disc inscribed in that box filled, little outside it;
 * - printed: lettering in a second, far colour across a good share of its face (a swatch dot or a pan
 *   seen on its own is one colour with its shading).
 */
import { labelComponents } from './binary-mask.ts';
import { channelMedians } from './extractors/order-statistics.ts';

/** A badge's box is square: width over height within these (a disc seen straight on; a tilted one is an ellipse up to 1.25). */
const MIN_ASPECT = 0.8;
const MAX_ASPECT = 1.25;
/**
 * Share of the disc inscribed in the box that the object covers, and share of the object inside that
 * disc. A disc fills its own ellipse (≈ 1, less its cell-rounded rim) and nothing outside it; a square
 * sticker or a compact's corner spills 0.21 of its area outside, and a lying tube fills neither.
 */
const MIN_DISC_COVER = 0.9;
const MIN_INSIDE_DISC = 0.92;
/**
 * A badge's centre lies at least this share of the frame's width from its middle, and this share of
 * its height: in a corner. The development photos' seals sit at 0.26–0.33 of the frame out on both
 * axes; a compact or a pan shown on its own fills the middle.
 */
const CORNER_OFFSET = 0.2;
/** The object left beside a badge is at least this share of the badge's area: a product, not a crumb. */
const MIN_PRODUCT_SHARE_OF_BADGE = 0.25;
/** Below this many cells an object is too coarse to call round (a 6 × 6 cell speck). */
const MIN_CELLS = 36;
/**
 * Lettering: cells this far (CIE76) from the object's median colour. White print on a red or purple
 * seal lies 40–70 away; a shade's own shading on a round swatch or pan stays within 15–25.
 */
const PRINT_DISTANCE = 30;
/** …over at least this share of the object's cells (the development photos' two seals: 0.29 and 0.30; the fixtures' seals 0.28). */
const MIN_PRINT_SHARE = 0.12;

/** An object called a badge: its cells (grid indices) and box. */
export interface Badge {
  cells: Int32Array;
  box: { x: number; y: number; width: number; height: number };
}

/**
 * The objects of `objects` (a grid mask, holes filled) that are badges. With a single object there is
 * none: a lone round thing is the product.
 */
export function findBadges(objects: Uint8Array, lab: Float32Array, width: number, height: number): Badge[] {
  const { areas, labels } = labelComponents(objects, width, height);
  // Labels run from 1; areas[0] is the unset pixels' placeholder.
  if (areas.length < 3) return [];
  const boxes = areas.map(() => ({ x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }));
  for (let i = 0; i < labels.length; i++) {
    const id = labels[i];
    if (id === 0) continue;
    const x = i % width, y = (i / width) | 0, b = boxes[id];
    if (x < b.x0) b.x0 = x;
    if (x > b.x1) b.x1 = x;
    if (y < b.y0) b.y0 = y;
    if (y > b.y1) b.y1 = y;
  }
  // The largest and second-largest areas: the other object beside a badge is the largest one unless the badge is.
  let first = 0, second = 0;
  for (let id = 1; id < areas.length; id++) {
    if (areas[id] > first) { second = first; first = areas[id]; } else if (areas[id] > second) second = areas[id];
  }
  const badges: Badge[] = [];
  for (let id = 1; id < areas.length; id++) {
    const area = areas[id];
    if (area < MIN_CELLS) continue;
    const b = boxes[id];
    const w = b.x1 - b.x0 + 1, h = b.y1 - b.y0 + 1;
    if (w / h < MIN_ASPECT || w / h > MAX_ASPECT) continue;
    const cx = (b.x0 + b.x1 + 1) / 2, cy = (b.y0 + b.y1 + 1) / 2, rx = w / 2, ry = h / 2;
    if (Math.abs(cx - width / 2) < CORNER_OFFSET * width || Math.abs(cy - height / 2) < CORNER_OFFSET * height) continue;
    const largestOther = area === first ? second : first;
    if (largestOther < MIN_PRODUCT_SHARE_OF_BADGE * area) continue;
    let discCells = 0, discCovered = 0;
    const cells = new Int32Array(area);
    let n = 0;
    for (let y = b.y0; y <= b.y1; y++) {
      for (let x = b.x0; x <= b.x1; x++) {
        const i = y * width + x;
        const dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
        const inDisc = dx * dx + dy * dy <= 1;
        const mine = labels[i] === id;
        if (inDisc) discCells++;
        if (!mine) continue;
        if (inDisc) discCovered++;
        cells[n++] = i;
      }
    }
    // discCovered counts the object's cells in the disc: a share of the disc, and a share of the object.
    if (discCovered < MIN_DISC_COVER * discCells || discCovered < MIN_INSIDE_DISC * area) continue;
    if (printShare(cells, lab) < MIN_PRINT_SHARE) continue;
    badges.push({ cells, box: { x: b.x0, y: b.y0, width: w, height: h } });
  }
  return badges;
}

/** Share of the cells further than PRINT_DISTANCE from their median colour. */
function printShare(cells: Int32Array, lab: Float32Array): number {
  const typical = channelMedians(lab, cells);
  let printed = 0;
  for (const i of cells) if (Math.hypot(lab[i * 3] - typical.L, lab[i * 3 + 1] - typical.a, lab[i * 3 + 2] - typical.b) > PRINT_DISTANCE) printed++;
  return cells.length > 0 ? printed / cells.length : 0;
}

