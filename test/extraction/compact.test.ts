import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundingBox } from '../../extraction/binary-mask.ts';
import { findCompact } from '../../extraction/pans.ts';

// Compacts drawn cell by cell on the segmentation's grid, so that every piece's size and colour is known.
const W = 120, H = 80;
const CASE = [77, 16, 28], FLAP = [62, 28, 40];
const OBJECT = { x: 10, y: 10, width: 100, height: 60 };
const PAN_Y = 35, PAN_SIDE = 20;

interface DrawnPan {
  x: number;
  side?: number;
  colour: number[];
  /** The one-cell outline's colour (default: the pan's). */
  rim?: number[];
  /** Every other column inside the outline shows the case's colour (a shimmer's swirls). */
  swirls?: boolean;
}

function compactGrid(pans: DrawnPan[], flapRows = 0): { grid: { width: number; height: number; lab: Float32Array }; product: Uint8Array } {
  const lab = new Float32Array(W * H * 3).fill(100);
  const product = new Uint8Array(W * H);
  const paint = (x: number, y: number, c: number[]) => lab.set(c, (y * W + x) * 3);
  for (let y = OBJECT.y; y < OBJECT.y + OBJECT.height; y++) {
    for (let x = OBJECT.x; x < OBJECT.x + OBJECT.width; x++) {
      product[y * W + x] = 1;
      // A lid's flap: a darker band across most of the case, from its top edge.
      paint(x, y, y < OBJECT.y + flapRows && x >= 14 && x < 106 ? FLAP : CASE);
    }
  }
  for (const { x: x0, side = PAN_SIDE, colour, rim = colour, swirls = false } of pans) {
    for (let y = PAN_Y; y < PAN_Y + side; y++) {
      for (let x = x0; x < x0 + side; x++) {
        const edge = x === x0 || y === PAN_Y || x === x0 + side - 1 || y === PAN_Y + side - 1;
        paint(x, y, edge ? rim : swirls && x % 2 === 0 ? CASE : colour);
      }
    }
  }
  return { grid: { width: W, height: H, lab }, product };
}

const boxes = (pans: Uint8Array[]) => pans.map((cells) => boundingBox(cells, W, H));
const panBox = (x: number) => ({ x, y: PAN_Y, width: PAN_SIDE, height: PAN_SIDE });

test('a pan whose shimmer shows the case’s colour is a pan, though a lid’s flap outside the case is larger', () => {
  // The flap is 16 rows × 92 = 1 472 cells; a quarter of it is 368. The shimmer pan's own cells are 238
  // of its 400, the plain pans' 400. The flap is not in the case, so it does not set the bar a pan must
  // reach; the largest pan in the case, its holes filled, does (a quarter of 400).
  const { grid, product } = compactGrid(
    [
      { x: 20, colour: [71, 24, 16], swirls: true },
      { x: 50, colour: [65, 29, 38] },
      { x: 80, colour: [67, 33, 30] },
    ],
    16,
  );
  assert.deepEqual(boxes(findCompact(grid, product).pans), [panBox(20), panBox(50), panBox(80)]);
});

test('a pan in nearly the case’s colour is found by its rim, beside the pans of other colours', () => {
  // The middle pan is ΔE76 2.4 from the case, its one-cell rim 9 darker: the rim stays in the case's
  // piece at the usual distance (12) and closes round the pan only at a lower one.
  const { grid, product } = compactGrid([
    { x: 20, colour: [65, 29, 38] },
    { x: 50, colour: [78, 18, 27], rim: [68, 16, 28] },
    { x: 80, colour: [67, 33, 30] },
  ]);
  assert.deepEqual(boxes(findCompact(grid, product).pans), [panBox(20), panBox(50), panBox(80)]);
});

test('a printed ring in the case beside the pans is no pan: it is not of their size', () => {
  const { grid, product } = compactGrid([
    { x: 20, colour: [65, 29, 38] },
    { x: 50, side: 10, colour: CASE, rim: [68, 16, 28] },
    { x: 80, colour: [67, 33, 30] },
  ]);
  assert.deepEqual(boxes(findCompact(grid, product).pans), [panBox(20), panBox(80)]);
});
