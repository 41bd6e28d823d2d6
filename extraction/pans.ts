/**
 * The pans of a palette: a compact holding several pressed pans, each a shade of its own.
 *
 * On the segmentation's grid, the compact is the product's main object and its case colour is the
 * colour of the object's outer ring (a compact's edge is always case). Every cell far from that
 * colour belongs to a pan or to a pan's tin rim; the case's gutters keep the pans apart, so each pan
 * (with its rim, its holes filled: glitter, a dark pan inside a light rim) is one connected piece.
 * Pieces that are small, or thin like printing and hinges, are not pans. Each pan's colour is
 * measured on its inner part only, away from the rim. Only the category's data decides whether a
 * photo may hold several pans (ColourPartSpec.palette); this module never asks which category it is.
 */
import { boundingBox, cellsWhere, countOnes, dilate, erode, fillHoles, labelComponents } from './binary-mask.ts';
import { channelMedians } from './extractors/order-statistics.ts';
import type { Grid, Segmentation } from './segmentation.ts';
import type { Lab, Rect } from './types.ts';

export interface FoundPan {
  /** The pan with its rim, grid cells → analysis pixels. */
  region: Rect;
  /** The pan's inner part (analysis pixels, image-sized): where its colour is measured. */
  mask: Uint8Array;
  /** Median colour of the pan's inner cells (the shade the extractor's body colour is looked for near). */
  lab: Lab;
}

/** The compact's outer ring, a share of its shorter side, is taken as the case's colour. */
const CASE_RING = 0.03;
/**
 * A cell this far (ΔE76) from the case's colour is pan or rim. Cases are black, white, silver or
 * tinted plastic: 12 is beyond the case's own shading and print, and below the gap between any
 * shade and its case except a near-black pan in a black case (which its rim then carries).
 */
const FROM_CASE = 12;
/** A pan holds at least this share of the compact's cells (a 6 × 4 palette's pans hold about 3 %). */
const MIN_PAN_SHARE = 0.01;
/** …and at least this share of the largest pan: printing and embossing are far smaller. */
const MIN_OF_LARGEST = 0.25;
/** Cells ÷ box cells: a round pan fills 0.79, a square one nearly 1; lettering and hinge lines far less. */
const MIN_FILL = 0.55;
/**
 * The colour is measured on the inner part of a pan, this share of its extent across each way about
 * its centre: a tin rim or a bevel takes at most a sixth of a pan's width each side in shop photos.
 */
const INNER_SHARE = 0.6;

/** The pans of a palette in reading order (rows top to bottom, then left to right); [] when fewer than two. */
export function findPans(segmentation: Segmentation, width: number, height: number): FoundPan[] {
  const { grid, gridProduct } = segmentation;
  const pans = panPieces(grid, largestPiece(gridProduct, grid.width, grid.height))
    .pieces.map((cells) => panOf(grid, cells, width, height))
    .filter((p): p is FoundPan & { centre: [number, number]; cellHeight: number } => p !== null);
  if (pans.length < 2) return [];
  return readingOrder(pans).map(({ region, mask, lab }) => ({ region, mask, lab }));
}

/**
 * A lone pan (a single blush or eyeshadow) holds at least this share of its compact's cells: a round
 * pan 0.74 of a square case's side across fills 0.43 of it, shop compacts 0.3–0.6. A lone printed
 * logo or a label on a stick is far smaller; several pans are told apart from print by MIN_OF_LARGEST.
 */
const LONE_PAN_SHARE = 0.15;
/** Share of a pan's grown piece allowed past the case's inner edge: a pan's rim drawn a cell too wide. */
const MAX_OUTSIDE_CASE = 0.02;

/**
 * Where the shade of a single-pan compact seen from above lies (grid cells): the inner part of its pan,
 * or null when the main object holds no lone pan. It is the place the colour-bearing part is looked
 * for in (segmentation.ts): a case in a colourful metal (gold) or a tinted plastic is as colourful as
 * the pan it holds and larger, and only its place tells it from the shade. A palette's pans are each
 * measured on their own (findPans); its several pans do not name one colour, and a colour cluster
 * holding two light pans would hold most of them.
 */
export function lonePanZone(grid: Pick<Grid, 'width' | 'height' | 'lab'>, object: Uint8Array): Uint8Array | null {
  const { pieces, inner, ring } = panPieces(grid, object);
  if (pieces.length !== 1) return null;
  const pan = pieces[0];
  if (countOnes(pan) < LONE_PAN_SHARE * countOnes(object)) return null;
  // A pan sits in its case: its piece, grown by the case's ring, stays inside the case. A product
  // standing in front of its swatch (a stick before a smear whose colour rings the object) does not.
  const grown = dilate(pan, grid.width, grid.height, ring);
  let outside = 0, total = 0;
  for (let i = 0; i < grown.length; i++) {
    if (!grown[i]) continue;
    total++;
    if (!inner[i]) outside++;
  }
  if (outside > MAX_OUTSIDE_CASE * total) return null;
  return innerCellsOf(pan, grid.width, grid.height);
}

/**
 * The object's pans, each with its rim and its holes filled (grid cells): the pieces far from the
 * case's colour (its outer ring), large beside the object and the largest piece, and filled like a
 * round or square pan.
 */
function panPieces(grid: Pick<Grid, 'width' | 'height' | 'lab'>, object: Uint8Array): { pieces: Uint8Array[]; inner: Uint8Array; ring: number } {
  const gw = grid.width, gh = grid.height;
  const box = boundingBox(object, gw, gh);
  if (!box) return { pieces: [], inner: object, ring: 0 };
  const ring = Math.max(1, Math.round(CASE_RING * Math.min(box.width, box.height)));
  const inner = erode(object, gw, gh, ring);
  const caseLab = medianLab(grid, object, inner);
  const panCells = new Uint8Array(object.length);
  for (let i = 0; i < object.length; i++) {
    if (!inner[i]) continue;
    const dL = grid.lab[i * 3] - caseLab.L, da = grid.lab[i * 3 + 1] - caseLab.a, db = grid.lab[i * 3 + 2] - caseLab.b;
    panCells[i] = Math.sqrt(dL * dL + da * da + db * db) > FROM_CASE ? 1 : 0;
  }
  const components = labelComponents(panCells, gw, gh);
  const objectCells = countOnes(object);
  const pieces = components.areas
    .map((area, id) => ({ id, area }))
    .filter(({ id, area }) => id > 0 && area >= MIN_PAN_SHARE * objectCells);
  const largest = Math.max(0, ...pieces.map((p) => p.area));
  const pans = pieces
    .filter((p) => p.area >= MIN_OF_LARGEST * largest)
    .map((p) => fillHoles(piece(components.labels, p.id), gw, gh))
    .filter((cells) => {
      const cellsBox = boundingBox(cells, gw, gh);
      return cellsBox !== null && countOnes(cells) >= MIN_FILL * cellsBox.width * cellsBox.height;
    });
  return { pieces: pans, inner, ring };
}

function largestPiece(mask: Uint8Array, width: number, height: number): Uint8Array {
  const components = labelComponents(mask, width, height);
  const main = components.areas.indexOf(Math.max(0, ...components.areas.slice(1)));
  return piece(components.labels, main);
}

function piece(labels: Int32Array, id: number): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] === id && id > 0) out[i] = 1;
  return out;
}

/** Per-channel median of the object's cells outside `inner` (its outer ring); zeros when it has none. */
function medianLab(grid: Pick<Grid, 'lab'>, object: Uint8Array, inner: Uint8Array): Lab {
  const ring = cellsWhere(object, inner);
  return ring.length ? channelMedians(grid.lab, ring) : { L: 0, a: 0, b: 0 };
}

/**
 * A pan's inner part (grid cells): the cells whose place, pushed out from the pan's centre by
 * 1 / INNER_SHARE, still lies in the pan.
 */
function innerCellsOf(cells: Uint8Array, gw: number, gh: number): Uint8Array {
  const inner = new Uint8Array(cells.length);
  const box = boundingBox(cells, gw, gh);
  if (!box) return inner;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = y * gw + x;
      if (!cells[i]) continue;
      const ox = Math.round(cx + (x + 0.5 - cx) / INNER_SHARE - 0.5), oy = Math.round(cy + (y + 0.5 - cy) / INNER_SHARE - 0.5);
      if (ox >= 0 && oy >= 0 && ox < gw && oy < gh && cells[oy * gw + ox]) inner[i] = 1;
    }
  }
  return inner;
}

/** A pan piece on the grid → its region, inner mask (analysis pixels) and inner colour; null when empty. */
function panOf(grid: Grid, cells: Uint8Array, width: number, height: number): (FoundPan & { centre: [number, number]; cellHeight: number }) | null {
  const box = boundingBox(cells, grid.width, grid.height);
  if (!box) return null;
  const innerCells = innerCellsOf(cells, grid.width, grid.height);
  const inner = cellsWhere(innerCells);
  if (inner.length === 0) return null;
  const f = grid.factor;
  const region = { x: box.x * f, y: box.y * f, width: Math.min(width, (box.x + box.width) * f) - box.x * f, height: Math.min(height, (box.y + box.height) * f) - box.y * f };
  return {
    region,
    mask: cellsToPixels(innerCells, grid, width, height),
    lab: channelMedians(grid.lab, inner),
    centre: [box.x + box.width / 2, box.y + box.height / 2],
    cellHeight: box.height,
  };
}

/** A grid mask as an analysis-pixel mask (each cell covers factor × factor pixels). */
function cellsToPixels(cells: Uint8Array, grid: Grid, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const f = grid.factor;
  for (let y = 0; y < height; y++) {
    const row = ((y / f) | 0) * grid.width;
    for (let x = 0; x < width; x++) if (cells[row + ((x / f) | 0)]) out[y * width + x] = 1;
  }
  return out;
}

/**
 * Rows top to bottom, then left to right: pans whose centres lie within half a pan's height of the
 * row's first pan share its row (a palette's rows are straight; a slight tilt stays within that).
 */
function readingOrder<T extends { centre: [number, number]; cellHeight: number }>(pans: T[]): T[] {
  const byY = [...pans].sort((p, q) => p.centre[1] - q.centre[1]);
  const rows: T[][] = [];
  for (const pan of byY) {
    const row = rows.at(-1);
    if (row && Math.abs(pan.centre[1] - row[0].centre[1]) < row[0].cellHeight / 2) row.push(pan);
    else rows.push([pan]);
  }
  return rows.flatMap((row) => row.sort((p, q) => p.centre[0] - q.centre[0]));
}
