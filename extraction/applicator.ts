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
 *
 * A wand whose handle stands against the tube's foot (shops often lean it there) is one piece with the
 * tube. When no piece stands beside the tube, the foreground is cut above the tube's middle, where the
 * stem and the coat stand free of it, and the coat is looked for there the same way (the wand below
 * the cut still counts as what lies below the coat). On the development photos this reads the coat of
 * 5 glosses whose wand leaned on the tube: 15.6 → 1.0, 10.0 → 4.2, 6.6 → 6.0 and 2.5 → 0.7, and one
 * 4.3 → 6.4 (its person cut the same coat, the face read 6 L* darker than the crop's mean, which takes in
 * the coat's sheen; its tube happened to read as light).
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
/**
 * The blur that spreads a coat's end over the rows before its run starts spreads its sides as far: a
 * coat stays readable while at least this many such blurs wide on each side (a run starting at the
 * second row, as usual, then needs 4 cells across; one starting at the third, 8). Narrower, every cell
 * of it is blended with the backdrop or the stem: a 96 px thumbnail's doe-foot, 4–9 cells across with
 * its run starting at the third or fourth row, read ΔE00 11–20 off.
 */
const COAT_BLUR_WIDTHS = 2;
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
  const pieces = labelComponents(foreground, width, height);
  const partCells = new Float64Array(pieces.areas.length);
  for (let i = 0; i < part.length; i++) if (part[i] && pieces.labels[i]) partCells[pieces.labels[i]]++;
  const tubeId = partCells.indexOf(Math.max(...partCells));
  if (tubeId <= 0) return null;
  const boxes = componentBoxes(pieces.labels, pieces.areas.length, width);
  // The tube: the piece holding the part. A glossy highlight can split a tube into strips; the part
  // (its rows filled across) spans them, so the tube is as wide and as long as either.
  const box = boxes[tubeId];
  const tube: Tube = {
    id: tubeId,
    box,
    width: Math.max(box.width, partBox.width),
    height: Math.max(box.height, partBox.height),
    cells: pieces.areas[tubeId],
  };
  const found = coatBeside(lab, pieces, boxes, tube, width, shade);
  if (found !== undefined) return found;
  // No piece beside the tube: a wand whose handle stands against the tube's foot is one piece with it
  // (its stem and coat stand free above). Cut above the tube's middle, the wand stands apart.
  const cut = foreground.slice();
  cut.fill(0, (box.y + Math.ceil(box.height * CUT_AT)) * width);
  const upper = labelComponents(cut, width, height);
  const upperBoxes = componentBoxes(upper.labels, upper.areas.length, width);
  // The tube's own upper piece: the one across the part's columns holding the most cells.
  let upperTube = 0;
  for (let id = 1; id < upper.areas.length; id++) {
    const b = upperBoxes[id];
    const across = b.x < partBox.x + partBox.width && partBox.x < b.x + b.width;
    if (across && (upperTube === 0 || upper.areas[id] > upper.areas[upperTube])) upperTube = id;
  }
  if (upperTube === 0) return null;
  const upperTubeBox = { ...upperBoxes[upperTube], y: box.y, height: box.height };
  return coatBeside(lab, upper, upperBoxes, { ...tube, id: upperTube, box: upperTubeBox }, width, shade, { foreground, bottom: box.y + box.height - 1 }) ?? null;
}

/**
 * Where the foreground is cut when no wand stands free of the tube: above it, at this share of the tube's
 * height from its top, a wand beside the tube (its coat above the tube's middle, see coatBeside) stands
 * apart from it; a handle leaning on the tube's foot or a cap lying against it stays below.
 */
const CUT_AT = 0.5;
/**
 * A coat found above the cut is at least this many cells across. A shop thumbnail's downscale blurs a
 * wand into its tube: in 96 px thumbnails of the development photos such coats were 4–8 cells across,
 * every cell blended with the backdrop or the stem, and 5 of 7 read further from the truth than the tube
 * (ΔE00 7 → 11, 9 → 16); leaning doe-feet read well from 12 cells (a 184 px thumbnail's: 17).
 */
const CUT_COAT_MIN_WIDTH = 10;

interface Tube {
  /** Its piece in the labelled foreground. */
  id: number;
  /** Its piece's columns, and the rows of the whole tube. */
  box: Rect;
  width: number;
  height: number;
  /** Cells of the whole tube's piece. */
  cells: number;
}

/**
 * The coat on one piece standing beside the tube (see the module's comment): the coat, null when there
 * is more than one wand or the coat is too large beside the tube, undefined when no piece beside it holds one.
 */
function coatBeside(
  lab: Float32Array,
  pieces: { labels: Int32Array; areas: number[] },
  boxes: Rect[],
  tube: Tube,
  width: number,
  shade: Lab,
  uncut: Uncut | null = null,
): ApplicatorCoat | null | undefined {
  const { labels, areas } = pieces;
  let found: CoatPiece | null = null;
  for (let id = 1; id < areas.length; id++) {
    const box = boxes[id];
    if (id === tube.id || areas[id] < COAT_MIN_CELLS) continue;
    const beside = box.x >= tube.box.x + tube.box.width || box.x + box.width <= tube.box.x;
    if (!beside) continue;
    const coat = coatOf(lab, labels, id, box, width, shade, uncut);
    if (!coat || coat.width > COAT_MAX_WIDTH_SHARE * tube.width || coat.rows > COAT_MAX_LENGTH_SHARE * tube.height) continue;
    if (box.y + coat.rows / 2 >= tube.box.y + tube.box.height / 2) continue;
    if (!found) found = coat;
    // A strip of the same coat split off by its own highlight: the same columns.
    else if (coat.x0 < found.x1 && found.x0 < coat.x1) found = mergeCoats(found, coat);
    // Two wands beside one tube: no telling which belongs to it.
    else return null;
  }
  if (!found) return undefined;
  return found.cells <= COAT_MAX_AREA_SHARE * tube.cells ? { mask: found.mask, lab: medianColour(lab, found.mask) } : null;
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
function coatOf(lab: Float32Array, labels: Int32Array, id: number, box: Rect, width: number, shade: Lab, uncut: Uncut | null): CoatPiece | null {
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
  // rows blend with the backdrop, close to the one above. It starts at the first of the end's rows of
  // the shade's hue: in a thumbnail a pointed end's first two or three rows are mostly backdrop (a
  // muted coat's second row at chroma 11 where the coat reads 25).
  let start = Math.min(1, rows - 1);
  while (start < Math.min(COAT_END_ROWS, rows) - 1 && !isCoat(means[start], shade)) start++;
  if (!isCoat(means[start], shade)) return null;
  let coatRows = Math.min(start + 1, rows);
  while (coatRows < rows && isCoat(means[coatRows], shade) && (coatRows < COAT_END_ROWS || distance(means[coatRows], means[coatRows - 1]) <= COAT_STEP)) coatRows++;
  if (coatRows < COAT_MIN_ROWS) return null;
  const coatWidths = Array.from(widths.subarray(0, coatRows)).sort((p, q) => p - q);
  const coatWidth = coatWidths[coatWidths.length >> 1];
  if (coatRows < COAT_MIN_ELONGATION * coatWidth) return null;
  if (coatWidth < COAT_BLUR_WIDTHS * start * 2 || (uncut && coatWidth < CUT_COAT_MIN_WIDTH)) return null;
  const below = uncut ? widthsBelow(uncut, box, box.y + coatRows, width) : widths.subarray(coatRows);
  if (below.length >= Math.max(COAT_MIN_ROWS, COAT_BELOW_SHARE * coatRows) && coatWidth > COAT_WIDTH_SHARE * Math.max(...below)) return null;
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

/** The foreground before it was cut above the tube's middle, and the last row of the tube (see applicatorCoat). */
interface Uncut {
  foreground: Uint8Array;
  bottom: number;
}

/**
 * Each row's width from `from` to the tube's last row, in the uncut foreground within the piece's
 * columns: the rest of a wand whose lower part the cut took off. A handle wider than those columns
 * counts as wide as they are, which is as wide as the coat or wider.
 */
function widthsBelow(uncut: Uncut, box: Rect, from: number, width: number): Float64Array {
  const out = new Float64Array(Math.max(0, uncut.bottom + 1 - from));
  for (let y = from; y <= uncut.bottom; y++) {
    let n = 0;
    for (let x = box.x; x < box.x + box.width; x++) n += uncut.foreground[y * width + x];
    out[y - from] = n;
  }
  return out;
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
