import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boundingBox,
  close,
  componentBoxes,
  countOnes,
  dilate,
  erode,
  fillHoles,
  keepLargeComponents,
  labelComponents,
  largestPieces,
  rectMask,
} from '../../extraction/binary-mask.ts';
import { seededRandom } from '../../extraction/seeded-random.ts';

/** Parses a picture of a mask: '#' set, '.' unset, one string per row. */
function mask(rows: string[]): { data: Uint8Array; width: number; height: number } {
  const width = rows[0].length;
  return { data: Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0)), width, height: rows.length };
}

function picture(data: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < data.length; i += width) rows.push(Array.from(data.subarray(i, i + width), (v) => (v ? '#' : '.')).join(''));
  return rows;
}

test('components are 4-connected: diagonal neighbours are separate objects', () => {
  const m = mask(['#..', '.#.', '..#']);
  assert.deepEqual(labelComponents(m.data, m.width, m.height).areas.slice(1), [1, 1, 1]);
});

test("each component's bounding box, by id in scan order", () => {
  const m = mask(['..#...', '.###..', '......', '##...#', '##...#']);
  const components = labelComponents(m.data, m.width, m.height);
  assert.deepEqual(componentBoxes(components, m.width).slice(1), [
    { x: 1, y: 0, width: 3, height: 2 },
    { x: 0, y: 3, width: 2, height: 2 },
    { x: 5, y: 3, width: 1, height: 2 },
  ]);
});

test('specks smaller than a share of the largest object are dropped', () => {
  const m = mask(['####..#', '####...', '####...']);
  assert.deepEqual(picture(keepLargeComponents(m.data, m.width, m.height, 0.2), m.width), ['####...', '####...', '####...']);
});

test('holes are filled but a notch open to the border is not', () => {
  const m = mask(['#####', '#...#', '#####', '#.###']);
  assert.deepEqual(picture(fillHoles(m.data, m.width, m.height), m.width), ['#####', '#####', '#####', '#.###']);
});

test('closing bridges a gap narrower than its window and keeps the outline', () => {
  const m = mask(['.......', '.##.##.', '.##.##.', '.......']);
  assert.deepEqual(picture(close(m.data, m.width, m.height, 1), m.width), ['.......', '.#####.', '.#####.', '.......']);
});

test('dilation and erosion use a square window', () => {
  const m = mask(['.....', '.....', '..#..', '.....', '.....']);
  const grown = dilate(m.data, m.width, m.height, 1);
  assert.equal(countOnes(grown), 9);
  assert.equal(countOnes(erode(grown, m.width, m.height, 1)), 1);
});

test('bounding box and rectangle masks agree', () => {
  const r = rectMask({ x: 2.4, y: 1, width: 3, height: 2 }, 8, 5);
  assert.deepEqual(boundingBox(r, 8, 5), { x: 2, y: 1, width: 4, height: 2 });
  assert.equal(boundingBox(new Uint8Array(40), 8, 5), null);
});

/** The square window's verdict pixel by pixel, outside the image unset: what the filters must agree with. */
function windowByHand(m: Uint8Array, width: number, height: number, radius: number, mode: 'any' | 'all'): Uint8Array {
  const out = new Uint8Array(m.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let set = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height) set += m[ny * width + nx];
        }
      }
      out[y * width + x] = mode === 'any' ? Number(set > 0) : Number(set === (2 * radius + 1) ** 2);
    }
  }
  return out;
}

test('dilation and erosion of random masks match the window taken pixel by pixel', () => {
  const random = seededRandom(7);
  // Wide (the window's middle stretch runs), and narrower than the window (it never runs: the rows'
  // and columns' windows are cut by both edges at once).
  for (const [width, height] of [[23, 11], [4, 9], [1, 5]]) {
    const m = Uint8Array.from({ length: width * height }, () => (random() < 0.6 ? 1 : 0));
    for (const radius of [1, 2, 6]) {
      const size = `${width}×${height}, radius ${radius}`;
      assert.deepEqual(dilate(m, width, height, radius), windowByHand(m, width, height, radius, 'any'), `dilate, ${size}`);
      assert.deepEqual(erode(m, width, height, radius), windowByHand(m, width, height, radius, 'all'), `erode, ${size}`);
    }
  }
});

test("each label's largest piece and cell count are those of its own mask's components", () => {
  const random = seededRandom(11);
  const width = 17, height = 13, labels = 4;
  const map = Int8Array.from({ length: width * height }, () => Math.floor(random() * (labels + 1)) - 1);
  const { largest, cells } = largestPieces(map, labels, width);
  for (let k = 0; k < labels; k++) {
    const own = Uint8Array.from(map, (v) => (v === k ? 1 : 0));
    assert.equal(largest[k], Math.max(0, ...labelComponents(own, width, height).areas.slice(1)), `largest piece of ${k}`);
    assert.equal(cells[k], countOnes(own), `cells of ${k}`);
  }
});
