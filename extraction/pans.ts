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
import { channelMedians, quantile } from './extractors/order-statistics.ts';
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

/**
 * The compact's outer ring, a share of its shorter side, is taken as the case's colour. Where a soft
 * drop shadow joins the product, the ring runs partly over it: a compact in a vivid case on the
 * development photos read its ring as a paler case colour and its pan merged with the shadow, so no pan
 * was found (7.1 ΔE00 off, at trust 0.93). Taking the ring's colourful cells only and opening the pan
 * pieces by the ring's width found that pan (0.1 off) but split two other blush photos into false
 * palettes (6.4 → 40.9, 4.4 → 9.1); the opening alone, with the whole ring, read four photos far worse
 * (up to 41 off) and one better (6.0 → 4.5). Neither is used.
 */
const CASE_RING = 0.03;
/**
 * A cell this far (ΔE76) from the case's colour is pan or rim. Cases are black, white, silver or
 * tinted plastic: 12 is beyond the case's own shading and print, and below the gap between any
 * shade and its case except a near-black pan in a black case (which its rim then carries).
 */
const FROM_CASE = 12;
/** A pan holds at least this share of the compact's cells (a 6 × 4 palette's pans hold about 3 %). */
const MIN_PAN_SHARE = 0.01;
/** …and at least this share of the largest pan in the case (holes filled): printing and embossing are far smaller. */
const MIN_OF_LARGEST = 0.25;
/** Cells ÷ box cells: a round pan fills 0.79, a square one nearly 1; lettering and hinge lines far less. */
const MIN_FILL = 0.55;
/**
 * The colour is measured on the inner part of a pan, this share of its extent across each way about
 * its centre: a tin rim or a bevel takes at most a sixth of a pan's width each side in shop photos.
 */
const INNER_SHARE = 0.6;

/** The pans of a palette in reading order, as the segmentation found them (Segmentation.pans); [] when fewer than two. */
export function findPans(segmentation: Segmentation, width: number, height: number): FoundPan[] {
  const { grid } = segmentation;
  const pans = segmentation.pans.map((cells) => panOf(grid, cells, width, height)).filter((p): p is FoundPan => p !== null);
  return pans.length < 2 ? [] : pans;
}

/** A compact seen from above, on the segmentation's grid. */
export interface Compact {
  /** A palette's pans (grid cells, each with its rim), rows top to bottom, then left to right; [] when fewer than two. */
  pans: Uint8Array[];
  /**
   * Where its colour part lies, or null when it holds no pan: the inner part of a single-pan
   * compact's pan, or of a palette's first pan. It is the place the colour-bearing part is looked for
   * in (segmentation.ts): a case in a colourful metal (gold) or a tinted plastic is as colourful as its
   * pans and larger, and only their place tells them from it. A palette's pans are each measured on
   * their own (findPans); its first pan stands for it where one colour is asked for, as the first
   * shade of a palette is named first.
   */
  zone: Uint8Array | null;
}

/** The compact the product is: its pans and where its colour part lies (see Compact). */
export function findCompact(grid: Pick<Grid, 'width' | 'height' | 'lab'>, product: Uint8Array): Compact {
  const { pans, main, found } = compactPans(grid, product);
  if (pans.length >= 2) {
    const ordered = readingOrder(pans.map((cells) => placed(cells, grid.width, grid.height))).map((p) => p.cells);
    return { pans: ordered, zone: innerCellsOf(ordered[0], grid.width, grid.height) };
  }
  // Only a pan in its case: a swatch's smear or a stick's body is one piece as filled as a rimmed pan.
  return { pans: [], zone: lonePanZone(grid, main, found.inCase) };
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
 * The inner part of a single-pan compact's pan (grid cells), or null when the main object holds no
 * lone pan: exactly one piece in its case (`pieces` are PanPieces.inCase; a product standing in
 * front of its swatch, a stick before a smear whose colour rings the object, is in none), large
 * beside the compact. A lid's logo plate beside the pan is not in its case and leaves the pan alone.
 */
function lonePanZone(grid: Pick<Grid, 'width' | 'height' | 'lab'>, object: Uint8Array, pieces: Uint8Array[]): Uint8Array | null {
  if (pieces.length !== 1) return null;
  const pan = pieces[0];
  if (countOnes(pan) < LONE_PAN_SHARE * countOnes(object)) return null;
  return innerCellsOf(pan, grid.width, grid.height);
}

/** A pan sits in its case: its piece, grown by the case's ring, stays inside the case's inner edge. */
function inItsCase(pan: Uint8Array, inner: Uint8Array, ring: number, gw: number, gh: number): boolean {
  const grown = dilate(pan, gw, gh, ring);
  let outside = 0, total = 0;
  for (let i = 0; i < grown.length; i++) {
    if (!grown[i]) continue;
    total++;
    if (!inner[i]) outside++;
  }
  return outside <= MAX_OUTSIDE_CASE * total;
}

/**
 * The object's pans, each with its rim and its holes filled (grid cells): the pieces more than
 * `fromCase` (ΔE76) from the case's colour (its outer ring), large beside the object and beside the
 * largest pan in the case, and filled like a round or square pan.
 */
function panPieces(grid: Pick<Grid, 'width' | 'height' | 'lab'>, object: Uint8Array, fromCase = FROM_CASE): PanPieces {
  const gw = grid.width, gh = grid.height;
  const box = boundingBox(object, gw, gh);
  if (!box) return { pieces: [], inCase: [] };
  const ring = Math.max(1, Math.round(CASE_RING * Math.min(box.width, box.height)));
  const inner = erode(object, gw, gh, ring);
  const caseLab = medianLab(grid, object, inner);
  const panCells = new Uint8Array(object.length);
  for (let i = 0; i < object.length; i++) {
    if (!inner[i]) continue;
    const dL = grid.lab[i * 3] - caseLab.L, da = grid.lab[i * 3 + 1] - caseLab.a, db = grid.lab[i * 3 + 2] - caseLab.b;
    panCells[i] = Math.sqrt(dL * dL + da * da + db * db) > fromCase ? 1 : 0;
  }
  const components = labelComponents(panCells, gw, gh);
  const objectCells = countOnes(object);
  const pieces = components.areas
    .map((area, id) => ({ id, area }))
    .filter(({ id, area }) => id > 0 && area >= MIN_PAN_SHARE * objectCells);
  const filled = pieces
    .map((p) => fillHoles(piece(components.labels, p.id), gw, gh))
    .filter((cells) => {
      const cellsBox = boundingBox(cells, gw, gh);
      return cellsBox !== null && countOnes(cells) >= MIN_FILL * cellsBox.width * cellsBox.height;
    })
    .map((cells) => ({ cells, area: countOnes(cells), inCase: inItsCase(cells, inner, ring, gw, gh) }));
  // The largest pan sets the bar: a piece in its case, with its holes filled (a shimmer pan's swirls in
  // the case's own colour leave holes), not a lid's flap or a band outside the case.
  const inCase = filled.filter((p) => p.inCase);
  const largest = Math.max(0, ...(inCase.length > 0 ? inCase : filled).map((p) => p.area));
  const pans = filled.filter((p) => p.area >= MIN_OF_LARGEST * largest);
  return { pieces: pans.map((p) => p.cells), inCase: pans.filter((p) => p.inCase).map((p) => p.cells) };
}

interface PanPieces {
  /** Each pan with its rim, holes filled (grid cells). */
  pieces: Uint8Array[];
  /**
   * Those in their case (see inItsCase): the pieces that may be a palette's pans. On the development
   * photos a lid's logo plate or printed band beside a single pan, a smear's pale fringe and a stick's
   * body cut in two by its label came within a ring's width of the object's edge: 8 of 71 blush photos
   * were reported as palettes, none of them one.
   */
  inCase: Uint8Array[];
}

/**
 * A piece of the product beside the main one is one of the compact's pans, fallen apart from it,
 * when it holds one pan filling at least this share of it: a pan in its tin rim (a rim a sixth of the
 * pan's width each side leaves the pan 0.56 of the piece; renders and shop photos 0.6–0.8). A
 * single-pan compact lying beside another holds its pan in a case (a round pan in a square case
 * fills 0.43 of it).
 */
const RIMMED_PAN_SHARE = 0.5;
/**
 * …and that pan's width and height are each within this factor (either way) of the median pan's: a
 * palette's pans are cut alike. A pan measured with its rim (in its case) and one without (its rim
 * taken for the case's ring) differ by 1 / 0.84; a stick and its cap lying beside it by 1.5 and more.
 */
const SAME_PAN_SIDE = 1.3;
/** A piece smaller than this share of the found pans' box cannot hold a pan alike: a round pan 1.3 times smaller each way fills 0.79 ÷ 1.3² = 0.47 of it. */
const MIN_PIECE_OF_PAN_BOX = 0.25;

/**
 * The compact's pans (grid cells, each with its rim, holes filled), and the main object's own pieces.
 * The compact is the product's main object (its largest piece). A case in the backdrop's own colour
 * (a white palette on white) reads as backdrop where it is lit, and the compact falls apart: each pan
 * in its tin rim is a piece of its own. Such a piece is taken back as a pan when it is a rimmed pan of
 * the size of the pans already found, in line with one of them (same row or column) and no further
 * from it than a pan's side: a smear, a brush or a lid beside the compact is none of these at once.
 */
function compactPans(grid: Pick<Grid, 'width' | 'height' | 'lab'>, product: Uint8Array): { pans: Uint8Array[]; main: Uint8Array; found: PanPieces } {
  const gw = grid.width, gh = grid.height;
  const components = labelComponents(product, gw, gh);
  const mainId = components.areas.indexOf(Math.max(0, ...components.areas.slice(1)));
  const main = piece(components.labels, mainId);
  const found = panPieces(grid, main);
  // With no pan in a case, the main object may itself be a pan fallen out of its case, in its rim.
  const own = [...found.inCase];
  const mainAsPan = own.length === 0 ? rimmedPan(found, countOnes(main)) : null;
  if (mainAsPan) own.push(mainAsPan);
  if (own.length === 0) return { pans: [], main, found };
  const pans = own.map((cells) => placed(cells, gw, gh));
  const width = quantile(pans.map((p) => p.box.width), 0.5), height = quantile(pans.map((p) => p.box.height), 0.5);
  const alike = (value: number, typical: number) => value <= SAME_PAN_SIDE * typical && typical <= SAME_PAN_SIDE * value;
  const alikePan = (pan: Placed) => alike(pan.box.width, width) && alike(pan.box.height, height);
  const siblings: Placed[] = [];
  components.areas.forEach((area, id) => {
    // A piece holding a pan alike is at least a quarter of a pan's box (a round pan fills 0.79 of its
    // box, and its sides may be 1.3 times smaller): specks of print or glitter are not looked into.
    if (id === 0 || id === mainId || area < MIN_PIECE_OF_PAN_BOX * width * height) return;
    const inside = rimmedPan(panPieces(grid, piece(components.labels, id)), area);
    if (!inside) return;
    const pan = placed(inside, gw, gh);
    if (alikePan(pan)) siblings.push(pan);
  });
  joinBeside(pans, siblings);
  if (pans.length >= 2) joinFaintPans(grid, main, pans, alikePan);
  return { pans: pans.map((p) => p.cells), main, found };
}

/**
 * Moves each candidate that lies beside one of `pans` into it, one after another, so that a row of
 * pans joins through its neighbours. `fits` may refuse a candidate against the pans known by then.
 */
function joinBeside(pans: Placed[], candidates: Placed[], fits: (pan: Placed, known: Placed[]) => boolean = () => true): void {
  for (let grown = true; grown; ) {
    grown = false;
    for (let k = 0; k < candidates.length; k++) {
      if (!fits(candidates[k], pans) || !pans.some((p) => besidePan(p, candidates[k]))) continue;
      pans.push(...candidates.splice(k--, 1));
      grown = true;
    }
  }
}

/**
 * A pan whose colour is close to its case's (a peach blush in a peach case) shows only by its rim, a
 * thin dark line or a tin ring that the grid's cells blur to 8–12 from the case's colour, and stays in
 * the case's piece at FROM_CASE. Once a palette's pans are found, the case is looked into again at
 * these lower distances, nearest first. On the development photos' four-pan palette, a matte peach pan
 * lies 5 from its case: its rim closes round it at 10 and 9, and at 8 the case's own shading starts to
 * join the pieces (which only loses pieces: a merged piece is no longer of a pan's size).
 */
const FAINT_FROM_CASE = [10, 8];
/** A piece sharing more than this share of its cells with a found pan is that pan again. */
const SAME_PAN_OVERLAP = 0.1;

/**
 * Adds to `pans` the pans of `object` that only a lower distance from the case's colour finds
 * (FAINT_FROM_CASE): each in the case, alike the found pans in size, in line with and next to one of
 * them (or to one added so) and overlapping none. Print, a thumb notch or a lid's shadow is not all of these.
 */
function joinFaintPans(grid: Pick<Grid, 'width' | 'height' | 'lab'>, object: Uint8Array, pans: Placed[], alikePan: (pan: Placed) => boolean): void {
  const apart = (pan: Placed, known: Placed[]) => !known.some((p) => sharedShare(pan.cells, p.cells) > SAME_PAN_OVERLAP);
  for (const fromCase of FAINT_FROM_CASE) {
    const candidates = panPieces(grid, object, fromCase).inCase.map((cells) => placed(cells, grid.width, grid.height)).filter(alikePan);
    joinBeside(pans, candidates, apart);
  }
}

/** Share of `a`'s cells that are also `b`'s. */
function sharedShare(a: Uint8Array, b: Uint8Array): number {
  let shared = 0, total = 0;
  for (let i = 0; i < a.length; i++) {
    if (!a[i]) continue;
    total++;
    if (b[i]) shared++;
  }
  return total > 0 ? shared / total : 0;
}

/** The piece's one pan when the piece is a pan in its rim (one pan filling RIMMED_PAN_SHARE of it), else null. */
function rimmedPan({ pieces }: PanPieces, pieceArea: number): Uint8Array | null {
  return pieces.length === 1 && countOnes(pieces[0]) >= RIMMED_PAN_SHARE * pieceArea ? pieces[0] : null;
}

/** A pan's cells with its box and centre (grid cells). */
interface Placed {
  cells: Uint8Array;
  box: Rect;
  centre: [number, number];
  cellHeight: number;
}

function placed(cells: Uint8Array, gw: number, gh: number): Placed {
  const box = boundingBox(cells, gw, gh) ?? { x: 0, y: 0, width: 0, height: 0 };
  return { cells, box, centre: [box.x + box.width / 2, box.y + box.height / 2], cellHeight: box.height };
}

/** Two pans in one row (or column) of a palette: centres within half a pan across, the gap between them at most a pan's side. */
function besidePan(p: { box: Rect; centre: [number, number] }, q: { box: Rect; centre: [number, number] }): boolean {
  const gapX = Math.max(p.box.x, q.box.x) - Math.min(p.box.x + p.box.width, q.box.x + q.box.width);
  const gapY = Math.max(p.box.y, q.box.y) - Math.min(p.box.y + p.box.height, q.box.y + q.box.height);
  const sameRow = Math.abs(p.centre[1] - q.centre[1]) < Math.min(p.box.height, q.box.height) / 2 && gapX <= Math.min(p.box.width, q.box.width);
  const sameColumn = Math.abs(p.centre[0] - q.centre[0]) < Math.min(p.box.width, q.box.width) / 2 && gapY <= Math.min(p.box.height, q.box.height);
  return sameRow || sameColumn;
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

/**
 * Each side of a pan's box beyond its inner part (innerCellsOf), as a share of the inner part's extent:
 * the inner part is INNER_SHARE of the pan's extent, so the rim takes (1 − INNER_SHARE) / 2 of it each side.
 */
const PAN_FROM_INNER = (1 - INNER_SHARE) / (2 * INNER_SHARE);

/**
 * The whole pan's box around its inner part (a Compact's zone, grid cells), rim included; null when the
 * zone is empty. The colour part is kept to it once the pan's colour holds the pan (segmentation.ts): a
 * case or lid of the pan's own hue, shaded to the pan's colour where it turns from the light (a pink
 * compact's wall around a mauve blush), is of the pan's colour but not the pan (on renders of a mauve
 * pan in a lighter pink case the wall had taken the part to 2–4.5 ΔE00 off; on the development photos
 * one pressed blush moves 1.2 → 0.7).
 */
export function panBox(inner: Uint8Array, gw: number, gh: number): Rect | null {
  const box = boundingBox(inner, gw, gh);
  if (!box) return null;
  const gx = Math.round(box.width * PAN_FROM_INNER), gy = Math.round(box.height * PAN_FROM_INNER);
  return { x: box.x - gx, y: box.y - gy, width: box.width + 2 * gx, height: box.height + 2 * gy };
}

/** A pan piece on the grid → its region, inner mask (analysis pixels) and inner colour; null when empty. */
function panOf(grid: Grid, cells: Uint8Array, width: number, height: number): FoundPan | null {
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
