/**
 * A liquid lipstick or a gloss photographed with its wand standing beside the tube, applicator up: the
 * shop shows the product as it comes off on the applicator, a coat like the one on lips, while the tube
 * shows it in bulk behind its plastic, printing and reflections. Careful hand measurements of such
 * photos read the applicator's coat. On the development photos reading it brings 11 liquid lipsticks
 * from ΔE00 2–13 to 0.2–7.6 (a berry one 12.8 → 1.9) and 13 glosses from 3–21 to 0.1–13 (a brown
 * one 10.7 → 2.2), and sends 2 lipsticks (1–2 → 2–4) and 7 glosses (1–5 → 3–9) further: their person
 * measured the tube.
 *
 * The coat is a piece of what differs from the backdrop, apart from the piece holding the colour
 * chosen on the tube: beside it (no shared column) and narrow beside it, whose top rows are a run of one
 * colour of the shade's hue, small beside the tube, its middle above the tube's. That run ends where
 * the stem or the handle starts (a clear stem over white, or a white handle, is backdrop: the coat is
 * then a piece of its own). A handle of the shade's colour on top of a wand lying handle up is no coat:
 * it is the wand's widest part, and a coat is narrower than what lies below it.
 */
import { boundingBox, cellsWhere, labelComponents } from './binary-mask.ts';
import { channelMedians } from './extractors/order-statistics.ts';
import type { Lab, Rect } from './types.ts';

/** A coat is at most this share of the tube's height long (a doe-foot: 0.1–0.2 of it). */
const COAT_MAX_LENGTH_SHARE = 0.5;
/** A coat piece has at least this many cells (a 120 px thumbnail's doe-foot still covers 60 or more)… */
const COAT_MIN_CELLS = 12;
/** …at most this share of the tube's piece (a lipstick's cap standing beside it is a third or more)… */
const COAT_MAX_AREA_SHARE = 0.15;
/** …and its rows at most this share of the tube's width (a doe-foot: 0.15–0.3 of its tube; a cap: as wide as the case). */
const COAT_MAX_WIDTH_SHARE = 0.5;
/**
 * The coat's rows change colour gradually: a row whose mean colour is further than this (CIE76) from
 * the row above starts the stem or the handle. A doe-foot's shading changes by a few units a row; a
 * grey stem or a black or gold handle is 25 or more away.
 */
const COAT_STEP = 15;
/** The coat's end: its first rows, narrow and blended with the backdrop, change colour fast (20 a row). */
const COAT_END_ROWS = 4;
/** A colour below this chroma is a stem, a clear neck or a black, white or silver handle, not a coat. */
const COAT_MIN_CHROMA = 12;
/** The coat carries the shade: its hue within this many degrees of the colour chosen on the tube. */
const COAT_HUE_GAP = 35;
/**
 * A coat is at least this many rows: fewer is the blur of a 50 px thumbnail's wand, where the backdrop
 * bleeding into every pixel leaves no colour to read (one such on the development photos, 6 rows).
 */
const COAT_MIN_ROWS = 8;
/** A coat stands: at least this many times as tall as wide (a doe-foot 2–4 ×; a smear or a badge lies or is round). */
const COAT_MIN_ELONGATION = 1.2;
/** What the run leaves below it is the rest of the wand from this share of the run's rows on (less: the coat's own rounded end). */
const COAT_BELOW_SHARE = 0.2;
/**
 * A coat is no wider than the wand below it: its median row at most this share of the widest row below
 * (a handle is the wand's widest part; an ivory or clear handle may show only its rim, so no margin).
 */
const COAT_WIDTH_SHARE = 1;

export interface ApplicatorCoat {
  /** The coat's cells on the grid. */
  mask: Uint8Array;
  /** Their colour: each channel's median over them (see medianColour). */
  lab: Lab;
}

/**
 * The coated applicator of a wand standing beside the piece of `foreground` that holds `part` (both on
 * the grid), or null when there is none or more than one: see the module's comment. `shade` is the
 * colour chosen on the tube.
 */
export function applicatorCoat(lab: Float32Array, foreground: Uint8Array, part: Uint8Array, width: number, height: number, shade: Lab): ApplicatorCoat | null {
  if (Math.hypot(shade.a, shade.b) < COAT_MIN_CHROMA) return null;
  const partBox = boundingBox(part, width, height);
  if (!partBox) return null;
  const { labels, areas } = labelComponents(foreground, width, height);
  const partCells = new Float64Array(areas.length);
  for (let i = 0; i < part.length; i++) if (part[i] && labels[i]) partCells[labels[i]]++;
  const tubeId = partCells.indexOf(Math.max(...partCells));
  if (tubeId <= 0) return null;
  const boxes = componentBoxes(labels, areas.length, width);
  // The tube: the piece holding the part. A glossy highlight can split a tube into strips; the part
  // (its rows filled across) spans them, so the tube is as wide and as long as either.
  const tube = boxes[tubeId];
  const tubeWidth = Math.max(tube.width, partBox.width), tubeHeight = Math.max(tube.height, partBox.height);
  const tubeCells = areas[tubeId];
  let found: CoatPiece | null = null;
  for (let id = 1; id < areas.length; id++) {
    const box = boxes[id];
    if (id === tubeId || areas[id] < COAT_MIN_CELLS) continue;
    const beside = box.x >= tube.x + tube.width || box.x + box.width <= tube.x;
    if (!beside) continue;
    const coat = coatOf(lab, labels, id, box, width, shade);
    if (!coat || coat.width > COAT_MAX_WIDTH_SHARE * tubeWidth || coat.rows > COAT_MAX_LENGTH_SHARE * tubeHeight) continue;
    if (box.y + coat.rows / 2 >= tube.y + tube.height / 2) continue;
    if (!found) found = coat;
    // A strip of the same coat split off by its own highlight: the same columns.
    else if (coat.x0 < found.x1 && found.x0 < coat.x1) found = mergeCoats(found, coat);
    // Two wands beside one tube: no telling which belongs to it.
    else return null;
  }
  return found && found.cells <= COAT_MAX_AREA_SHARE * tubeCells ? { mask: found.mask, lab: medianColour(lab, found.mask) } : null;
}

/**
 * The coat's typical colour, each channel's median over its cells: what the extractor checks its
 * reading against. A mean would take in the edge rows blended with the backdrop and a glossy
 * doe-foot's highlight shoulders, and lie as far as ΔE00 12 above a dark coat.
 */
function medianColour(lab: Float32Array, mask: Uint8Array): Lab {
  return channelMedians(lab, cellsWhere(mask));
}

/** A coated piece's cells, how many, its rows and median row width, and its columns [x0, x1). */
interface CoatPiece {
  mask: Uint8Array;
  cells: number;
  rows: number;
  width: number;
  x0: number;
  x1: number;
}

function mergeCoats(p: CoatPiece, q: CoatPiece): CoatPiece {
  const mask = p.mask.slice();
  for (let i = 0; i < mask.length; i++) if (q.mask[i]) mask[i] = 1;
  return { ...p, mask, cells: p.cells + q.cells, x0: Math.min(p.x0, q.x0), x1: Math.max(p.x1, q.x1) };
}

function componentBoxes(labels: Int32Array, count: number, width: number): Rect[] {
  const x0 = new Int32Array(count).fill(2 ** 30), y0 = new Int32Array(count).fill(2 ** 30);
  const x1 = new Int32Array(count).fill(-1), y1 = new Int32Array(count).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    const id = labels[i];
    if (!id) continue;
    const x = i % width, y = (i / width) | 0;
    if (x < x0[id]) x0[id] = x;
    if (x > x1[id]) x1[id] = x;
    if (y < y0[id]) y0[id] = y;
    if (y > y1[id]) y1[id] = y;
  }
  return Array.from({ length: count }, (_, id) => ({ x: x0[id], y: y0[id], width: x1[id] - x0[id] + 1, height: y1[id] - y0[id] + 1 }));
}

/** The coated top of one piece (see the module's comment), or null. */
function coatOf(lab: Float32Array, labels: Int32Array, id: number, box: Rect, width: number, shade: Lab): CoatPiece | null {
  const rows = box.height;
  const means: Lab[] = [];
  const widths = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const y = box.y + r;
    let L = 0, a = 0, b = 0, n = 0;
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = y * width + x;
      if (labels[i] !== id) continue;
      L += lab[i * 3];
      a += lab[i * 3 + 1];
      b += lab[i * 3 + 2];
      n++;
    }
    widths[r] = n;
    means.push({ L: L / n, a: a / n, b: b / n });
  }
  // The run of rows from the top, each of the shade's hue and, below the rounded or slanted end whose
  // rows blend with the backdrop, close to the one above.
  if (!isCoat(means[Math.min(1, rows - 1)], shade)) return null;
  let coatRows = Math.min(2, rows);
  while (coatRows < rows && isCoat(means[coatRows], shade) && (coatRows < COAT_END_ROWS || distance(means[coatRows], means[coatRows - 1]) <= COAT_STEP)) coatRows++;
  if (coatRows < COAT_MIN_ROWS) return null;
  const coatWidths = Array.from(widths.subarray(0, coatRows)).sort((p, q) => p - q);
  const coatWidth = coatWidths[coatWidths.length >> 1];
  if (coatRows < COAT_MIN_ELONGATION * coatWidth) return null;
  const below = rows - coatRows;
  if (below >= Math.max(COAT_MIN_ROWS, COAT_BELOW_SHARE * coatRows) && coatWidth > COAT_WIDTH_SHARE * Math.max(...widths.subarray(coatRows))) return null;
  const mask = new Uint8Array(labels.length);
  let cells = 0;
  for (let y = box.y; y < box.y + coatRows; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = y * width + x;
      if (labels[i] !== id) continue;
      mask[i] = 1;
      cells++;
    }
  }
  return { mask, cells, rows: coatRows, width: coatWidth, x0: box.x, x1: box.x + box.width };
}

function distance(p: Lab, q: Lab): number {
  return Math.hypot(p.L - q.L, p.a - q.a, p.b - q.b);
}

/** Whether a row's colour can be the shade's coat: colourful, of the shade's hue. */
function isCoat(row: Lab, shade: Lab): boolean {
  if (Math.hypot(row.a, row.b) < COAT_MIN_CHROMA) return false;
  const hue = (c: Lab) => (Math.atan2(c.b, c.a) * 180) / Math.PI;
  return Math.abs(((hue(row) - hue(shade) + 540) % 360) - 180) <= COAT_HUE_GAP;
}
