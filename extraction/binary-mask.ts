import type { Rect } from './types.ts';
import { scratchInt32, scratchZeroBytes } from './scratch.ts';

/**
 * Operations on 0/1 masks (one byte per pixel, row-major) used by the segmentation: connected
 * components, hole filling, square morphology, bounding boxes. Typed arrays, linear time.
 */

export function countOnes(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** `box` grown by `margin` on every side, clipped to a width × height frame. */
export function expandRect(box: Rect, margin: number, width: number, height: number): Rect {
  const x = Math.max(0, box.x - margin), y = Math.max(0, box.y - margin);
  return { x, y, width: Math.min(width, box.x + box.width + margin) - x, height: Math.min(height, box.y + box.height + margin) - y };
}

/** Indices of the cells where `include` is 1 and `exclude` (if given) is 0. */
export function cellsWhere(include: Uint8Array, exclude?: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < include.length; i++) if (include[i] && !(exclude && exclude[i])) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < include.length; i++) if (include[i] && !(exclude && exclude[i])) out[k++] = i;
  return out;
}

/** Centroid and second central moments (sums, not divided by the count) of the set cells of a mask. */
export interface MaskMoments {
  n: number;
  cx: number;
  cy: number;
  xx: number;
  yy: number;
  xy: number;
}

/** The mask's moments, or null when nothing is set: its main axis is 0.5·atan2(2·xy, xx − yy) from the x axis. */
export function maskMoments(mask: Uint8Array, width: number, height: number): MaskMoments | null {
  let n = 0, sx = 0, sy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!mask[i]) continue;
      n++;
      sx += x;
      sy += y;
    }
  }
  if (n === 0) return null;
  const cx = sx / n, cy = sy / n;
  let xx = 0, yy = 0, xy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++, i++) {
      if (!mask[i]) continue;
      const dx = x - cx;
      xx += dx * dx;
      yy += dy * dy;
      xy += dx * dy;
    }
  }
  return { n, cx, cy, xx, yy, xy };
}

/**
 * Tight bounding box of the set pixels; null when the mask is empty. With `within`, only that window
 * is looked at (the caller knows no pixel outside it is set).
 */
export function boundingBox(mask: Uint8Array, width: number, height: number, within?: Rect): Rect | null {
  let minX = width, minY = height, maxX = -1, maxY = -1;
  const x0 = within ? Math.max(0, within.x) : 0;
  const y0 = within ? Math.max(0, within.y) : 0;
  const x1 = within ? Math.min(width, within.x + within.width) : width;
  const y1 = within ? Math.min(height, within.y + within.height) : height;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = y * width + x0; x < x1; x++, i++) {
      if (!mask[i]) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

export interface Components {
  /** Component id per pixel, 0 for background, 1… for components. */
  labels: Int32Array;
  /** Area of each component, indexed by id (index 0 unused). */
  areas: number[];
}

/** 4-connected components of the set pixels. */
export function labelComponents(mask: Uint8Array, width: number, _height: number): Components {
  const labels = new Int32Array(mask.length);
  const stack = scratchInt32('mask.componentStack', mask.length);
  const areas = [0];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const id = areas.length;
    let area = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = id;
    while (top > 0) {
      const i = stack[--top];
      area++;
      const x = i % width;
      if (x > 0 && mask[i - 1] && !labels[i - 1]) { labels[i - 1] = id; stack[top++] = i - 1; }
      if (x < width - 1 && mask[i + 1] && !labels[i + 1]) { labels[i + 1] = id; stack[top++] = i + 1; }
      if (i >= width && mask[i - width] && !labels[i - width]) { labels[i - width] = id; stack[top++] = i - width; }
      if (i + width < mask.length && mask[i + width] && !labels[i + width]) { labels[i + width] = id; stack[top++] = i + width; }
    }
    areas.push(area);
  }
  return { labels, areas };
}

/** Each component's bounding box, indexed by id (index 0, the background, spans nothing). */
export function componentBoxes(components: Components, width: number): Rect[] {
  const n = components.areas.length;
  const x0 = new Int32Array(n).fill(2 ** 30), y0 = new Int32Array(n).fill(2 ** 30);
  const x1 = new Int32Array(n).fill(-1), y1 = new Int32Array(n).fill(-1);
  const { labels } = components;
  for (let i = 0; i < labels.length; i++) {
    const id = labels[i];
    if (id === 0) continue;
    const x = i % width, y = (i / width) | 0;
    if (x < x0[id]) x0[id] = x;
    if (x > x1[id]) x1[id] = x;
    if (y < y0[id]) y0[id] = y;
    y1[id] = y;
  }
  return Array.from(x0, (x, id) => (x1[id] < 0 ? { x: 0, y: 0, width: 0, height: 0 } : { x, y: y0[id], width: x1[id] - x + 1, height: y1[id] - y0[id] + 1 }));
}

/**
 * For a map of small labels (0 … count − 1 per pixel, negative for none): each label's cell count and
 * the area of its largest 4-connected piece. The same areas as labelComponents on each label's own
 * mask, in one pass over the map instead of one per label.
 */
export function largestPieces(values: Int8Array, count: number, width: number): { largest: Float64Array; cells: Float64Array } {
  const largest = new Float64Array(count);
  const cells = new Float64Array(count);
  const seen = scratchZeroBytes('mask.piecesSeen', values.length);
  const stack = scratchInt32('mask.componentStack', values.length);
  for (let start = 0; start < values.length; start++) {
    const v = values[start];
    if (v < 0 || seen[start]) continue;
    let area = 0;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const i = stack[--top];
      area++;
      const x = i % width;
      if (x > 0 && values[i - 1] === v && !seen[i - 1]) { seen[i - 1] = 1; stack[top++] = i - 1; }
      if (x < width - 1 && values[i + 1] === v && !seen[i + 1]) { seen[i + 1] = 1; stack[top++] = i + 1; }
      if (i >= width && values[i - width] === v && !seen[i - width]) { seen[i - width] = 1; stack[top++] = i - width; }
      if (i + width < values.length && values[i + width] === v && !seen[i + width]) { seen[i + width] = 1; stack[top++] = i + width; }
    }
    cells[v] += area;
    if (area > largest[v]) largest[v] = area;
  }
  return { largest, cells };
}

/** Mask of the components whose id passes `keep`. */
export function selectComponents(components: Components, keep: (id: number, area: number) => boolean): Uint8Array {
  const chosen = components.areas.map((area, id) => (id > 0 && keep(id, area) ? 1 : 0));
  const out = new Uint8Array(components.labels.length);
  for (let i = 0; i < out.length; i++) out[i] = chosen[components.labels[i]];
  return out;
}

/**
 * Keeps the components at least `minShareOfLargest` of the largest one and at least `minArea`:
 * the object(s), without specks of noise or dust.
 */
export function keepLargeComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  minShareOfLargest: number,
  minArea = 1,
): Uint8Array {
  const components = labelComponents(mask, width, height);
  const largest = Math.max(0, ...components.areas);
  const floor = Math.max(minArea, largest * minShareOfLargest);
  return selectComponents(components, (_id, area) => area >= floor);
}

/** Sets every unset pixel that cannot reach the image border through unset pixels. */
export function fillHoles(mask: Uint8Array, width: number, height: number): Uint8Array {
  // out starts as "set"; the flood from the border clears every pixel it reaches. A pixel is
  // cleared when pushed, so each enters the stack at most once.
  const out = new Uint8Array(mask.length).fill(1);
  const stack = scratchInt32('mask.holeStack', mask.length);
  let top = 0;
  const border: number[] = [];
  for (let x = 0; x < width; x++) border.push(x, (height - 1) * width + x);
  for (let y = 0; y < height; y++) border.push(y * width, y * width + width - 1);
  for (const i of border) {
    if (!mask[i] && out[i]) { out[i] = 0; stack[top++] = i; }
  }
  while (top > 0) {
    const i = stack[--top];
    const x = i % width;
    if (x > 0 && out[i - 1] && !mask[i - 1]) { out[i - 1] = 0; stack[top++] = i - 1; }
    if (x < width - 1 && out[i + 1] && !mask[i + 1]) { out[i + 1] = 0; stack[top++] = i + 1; }
    if (i >= width && out[i - width] && !mask[i - width]) { out[i - width] = 0; stack[top++] = i - width; }
    if (i + width < mask.length && out[i + width] && !mask[i + width]) { out[i + width] = 0; stack[top++] = i + width; }
  }
  return out;
}

/** Square dilation with half-size `radius` (separable running maximum). */
export function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  return squareFilter(mask, width, height, radius, 'any');
}

/** Square erosion with half-size `radius`; pixels outside the image count as unset. */
export function erode(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  return squareFilter(mask, width, height, radius, 'all');
}

/** Closing: bridges gaps narrower than 2·radius (highlight streaks, glitter) without growing the shape. */
export function close(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  return erode(dilate(mask, width, height, radius), width, height, radius);
}

/** Opening: removes specks and threads thinner than 2·radius. */
export function open(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  return dilate(erode(mask, width, height, radius), width, height, radius);
}

function squareFilter(mask: Uint8Array, width: number, height: number, radius: number, mode: 'any' | 'all'): Uint8Array {
  if (radius <= 0) return mask.slice();
  // A window's count of set pixels decides: at least one for 'any', all 2·radius+1 for 'all' (a window
  // cut short by the image's edge never reaches that, so pixels outside count as unset).
  const need = mode === 'any' ? 1 : 2 * radius + 1;
  const horizontal = scratchZeroBytes('mask.squareFilter', mask.length);
  for (let row = 0; row < mask.length; row += width) rowWindows(mask, horizontal, row, width, radius, need);
  const out = new Uint8Array(mask.length);
  columnWindows(horizontal, out, width, height, radius, need);
  return out;
}

/**
 * The vertical pass: a running count down every column at once, a row at a time. One count per
 * column, so memory is read and written row after row rather than a row's stride apart per step
 * (the same counts, the same result, without a cache miss per pixel on a large mask).
 */
function columnWindows(src: Uint8Array, dst: Uint8Array, width: number, height: number, radius: number, need: number): void {
  const sums = scratchInt32('mask.columnSums', width).fill(0);
  for (let k = 0; k <= Math.min(radius, height - 1); k++) addRow(sums, src, k * width);
  for (let k = 0, row = 0; k < height; k++, row += width) {
    for (let x = 0; x < width; x++) dst[row + x] = sums[x] >= need ? 1 : 0;
    const enter = k + radius + 1;
    const leave = k - radius;
    if (enter < height && leave >= 0) moveRow(sums, src, enter * width, leave * width);
    else if (enter < height) addRow(sums, src, enter * width);
    else if (leave >= 0) subtractRow(sums, src, leave * width);
  }
}

function addRow(sums: Int32Array, src: Uint8Array, start: number): void {
  for (let x = 0; x < sums.length; x++) sums[x] += src[start + x];
}

function subtractRow(sums: Int32Array, src: Uint8Array, start: number): void {
  for (let x = 0; x < sums.length; x++) sums[x] -= src[start + x];
}

/** The window slides one row: the row at `enter` comes in as the row at `leave` goes out. */
function moveRow(sums: Int32Array, src: Uint8Array, enter: number, leave: number): void {
  for (let x = 0; x < sums.length; x++) sums[x] += src[enter + x] - src[leave + x];
}

/** One row's 1-D windows of 2·radius+1: set where the window holds at least `need` set pixels. */
function rowWindows(src: Uint8Array, dst: Uint8Array, start: number, length: number, radius: number, need: number): void {
  let sum = 0;
  const ahead = Math.min(radius, length - 1);
  for (let k = 0; k <= ahead; k++) sum += src[start + k];
  // Three stretches: the window's trailing edge still outside the row, inside on both sides, and its
  // leading edge past the row's end; no bounds test per pixel.
  const head = Math.min(length, radius + 1);
  const tail = Math.max(head, length - radius - 1);
  let k = 0;
  for (; k < head; k++) {
    dst[start + k] = sum >= need ? 1 : 0;
    if (k + radius + 1 < length) sum += src[start + k + radius + 1];
    if (k - radius >= 0) sum -= src[start + k - radius];
  }
  for (; k < tail; k++) {
    dst[start + k] = sum >= need ? 1 : 0;
    sum += src[start + k + radius + 1] - src[start + k - radius];
  }
  for (; k < length; k++) {
    dst[start + k] = sum >= need ? 1 : 0;
    if (k + radius + 1 < length) sum += src[start + k + radius + 1];
    if (k - radius >= 0) sum -= src[start + k - radius];
  }
}

/** Pixels set in either mask. */
export function union(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] | b[i];
  return out;
}

/** Pixels set in both masks. */
export function intersect(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

/** A mask with a rectangle set, clipped to the image. */
export function rectMask(rect: Rect, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(height, Math.ceil(rect.y + rect.height));
  for (let y = y0; y < y1; y++) out.fill(1, y * width + x0, y * width + x1);
  return out;
}
