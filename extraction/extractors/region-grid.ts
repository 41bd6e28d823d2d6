/**
 * The colour-bearing region as a small grid of CIELAB values, the form every surface measure works on.
 *
 * Coordinates inside a grid are relative to the region's top-left corner; `toImageMask` maps a grid
 * mask back to the analysis image for the reviewers' overlays.
 */
import type { ExtractorInput, Rect } from '../types.ts';
import { labWhere } from '../color-space.ts';
import { countOnes, erode } from '../binary-mask.ts';
import { scratchFloat32, scratchInt32, scratchZeroBytes } from '../scratch.ts';

export interface RegionGrid {
  /** The region in analysis pixels, clipped to the image. */
  rect: Rect;
  width: number;
  height: number;
  /** CIELAB of each grid cell, interleaved L, a, b. */
  lab: Float32Array;
  /** sRGB of each grid cell, interleaved r, g, b (a view of the image's values). */
  rgb: Uint8Array;
  /** 1 for a cell of the mask. */
  mask: Uint8Array;
  /** 1 for a mask cell away from the mask's border: edges blend with the backdrop and ring after JPEG. */
  interior: Uint8Array;
  maskCount: number;
  interiorCount: number;
}

/** Erosion radius: about 2 % of the region's short side, at least 2 analysis pixels. */
function erosionRadius(width: number, height: number): number {
  return Math.max(2, Math.round(0.02 * Math.min(width, height)));
}

function clipRect(r: Rect, width: number, height: number): Rect {
  const x = Math.max(0, Math.min(width, Math.floor(r.x)));
  const y = Math.max(0, Math.min(height, Math.floor(r.y)));
  const x2 = Math.max(x, Math.min(width, Math.ceil(r.x + r.width)));
  const y2 = Math.max(y, Math.min(height, Math.ceil(r.y + r.height)));
  return { x, y, width: x2 - x, height: y2 - y };
}

/**
 * Marks as mask the cells enclosed by it: gaps not connected to the grid's border. A segmentation
 * by colour leaves near-white glitter and highlight spots out of the product, but they lie on its
 * surface.
 */
function fillHoles(mask: Uint8Array, w: number, h: number): void {
  const outside = scratchZeroBytes('region.outside', w * h);
  // Each cell is pushed at most once (marked when pushed), so a stack of w·h never overflows.
  const stack = scratchInt32('region.holeStack', w * h);
  let top = 0;
  const visit = (i: number): void => {
    if (!mask[i] && !outside[i]) {
      outside[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < w; x++) {
    visit(x);
    visit((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    visit(y * w);
    visit(y * w + w - 1);
  }
  while (top > 0) {
    const i = stack[--top];
    const x = i % w;
    if (x > 0) visit(i - 1);
    if (x < w - 1) visit(i + 1);
    if (i >= w) visit(i - w);
    if (i < w * (h - 1)) visit(i + w);
  }
  for (let i = 0; i < w * h; i++) if (!outside[i]) mask[i] = 1;
}

/** Widest gap inside a row, as a share of the row's span, that is taken as part of the surface. */
const MAX_ROW_GAP = 0.3;

/**
 * Closes narrow gaps between the mask's runs within each row. A near-white highlight stripe along
 * an upright product splits its rows in two and reaches the top and bottom, so it is no enclosed
 * hole, yet it lies on the surface; wide gaps are kept (a real gap between two objects).
 */
function fillRowGaps(mask: Uint8Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (!mask[row + x]) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first < 0) continue;
    const maxGap = MAX_ROW_GAP * (last - first + 1);
    let gapStart = -1;
    for (let x = first; x <= last; x++) {
      if (!mask[row + x]) {
        if (gapStart < 0) gapStart = x;
        continue;
      }
      if (gapStart >= 0 && x - gapStart <= maxGap) mask.fill(1, row + gapStart, row + x);
      gapStart = -1;
    }
  }
}

export function buildRegionGrid(input: ExtractorInput): RegionGrid {
  const { image } = input;
  const rect = clipRect(input.region, image.width, image.height);
  const w = rect.width;
  const h = rect.height;
  // The grid's colours are working memory of one extraction (see ../scratch.ts): nothing keeps them.
  const lab = scratchFloat32('region.lab', w * h * 3).fill(0);
  const rgb = scratchZeroBytes('region.rgb', w * h * 3);
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (input.mask[(rect.y + y) * image.width + rect.x + x]) mask[y * w + x] = 1;
    }
  }
  fillRowGaps(mask, w, h);
  fillHoles(mask, w, h);
  const maskCount = countOnes(mask);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = (rect.y + y) * image.width + rect.x + x;
      const cell = y * w + x;
      if (!mask[cell]) continue;
      rgb[cell * 3] = image.data[src * 3];
      rgb[cell * 3 + 1] = image.data[src * 3 + 1];
      rgb[cell * 3 + 2] = image.data[src * 3 + 2];
    }
  }
  labWhere(rgb, mask, lab);
  // Cells whose whole (2r+1)² neighbourhood is mask; the grid's outside counts as empty.
  let interior = erode(mask, w, h, erosionRadius(w, h));
  let interiorCount = countOnes(interior);
  // A region too thin to erode keeps its full mask rather than vanish.
  if (interiorCount < maskCount * 0.2) {
    interior = mask;
    interiorCount = maskCount;
  }
  return { rect, width: w, height: h, lab, rgb, mask, interior, maskCount, interiorCount };
}

/** A grid mask (0/1) placed into an analysis-image-sized mask for the overlays. */
export function toImageMask(grid: RegionGrid, cells: Uint8Array, imageWidth: number, imageHeight: number): Uint8Array {
  const out = new Uint8Array(imageWidth * imageHeight);
  for (let y = 0; y < grid.height; y++) {
    const row = (grid.rect.y + y) * imageWidth + grid.rect.x;
    for (let x = 0; x < grid.width; x++) {
      if (cells[y * grid.width + x]) out[row + x] = 1;
    }
  }
  return out;
}
