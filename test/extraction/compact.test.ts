import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundingBox } from '../../extraction/binary-mask.ts';
import { findCompact } from '../../extraction/pans.ts';

// A compact drawn cell by cell on the segmentation's grid, so that every piece's size is known: a
// peach case whose lid's flap (a darker band across its top, reaching the case's edge) is larger than
// any pan, and three square pans in a row, the first a shimmer whose swirls show the case's own colour.
const W = 120, H = 80;
const CASE = [77, 16, 28], FLAP = [62, 28, 40], PANS = [[71, 24, 16], [65, 29, 38], [67, 33, 30]];
const OBJECT = { x: 10, y: 10, width: 100, height: 60 };
const PAN_XS = [20, 50, 80], PAN_Y = 35, PAN_SIDE = 20;

function compactGrid(): { grid: { width: number; height: number; lab: Float32Array }; product: Uint8Array } {
  const lab = new Float32Array(W * H * 3).fill(100);
  const product = new Uint8Array(W * H);
  const paint = (x: number, y: number, c: number[]) => lab.set(c, (y * W + x) * 3);
  for (let y = OBJECT.y; y < OBJECT.y + OBJECT.height; y++) {
    for (let x = OBJECT.x; x < OBJECT.x + OBJECT.width; x++) {
      product[y * W + x] = 1;
      // The flap: rows 10–25 across most of the case, from its top edge (16 × 92 = 1 472 cells; a pan 400).
      paint(x, y, y < 26 && x >= 14 && x < 106 ? FLAP : CASE);
    }
  }
  PAN_XS.forEach((x0, k) => {
    for (let y = PAN_Y; y < PAN_Y + PAN_SIDE; y++) {
      for (let x = x0; x < x0 + PAN_SIDE; x++) {
        const edge = x === x0 || y === PAN_Y || x === x0 + PAN_SIDE - 1 || y === PAN_Y + PAN_SIDE - 1;
        // The shimmer pan: inside its rim, every other column is a swirl in the case's colour.
        paint(x, y, k === 0 && !edge && x % 2 === 0 ? CASE : PANS[k]);
      }
    }
  });
  return { grid: { width: W, height: H, lab }, product };
}

test('a pan whose shimmer shows the case’s colour is a pan, though a lid’s flap outside the case is larger', () => {
  // The shimmer pan's own cells are 238 of its 400. A quarter of the flap is 368: the plain pans reach
  // it, the shimmer pan does not. The flap is not in the case, so it does not set the bar a pan must
  // reach; the largest pan in the case, its holes filled, does (a quarter of 400).
  const { grid, product } = compactGrid();
  const { pans } = findCompact(grid, product);
  assert.deepEqual(
    pans.map((cells) => boundingBox(cells, W, H)),
    PAN_XS.map((x) => ({ x, y: PAN_Y, width: PAN_SIDE, height: PAN_SIDE })),
  );
});
