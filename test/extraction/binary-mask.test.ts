import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boundingBox,
  close,
  countOnes,
  dilate,
  erode,
  fillHoles,
  keepLargeComponents,
  labelComponents,
  rectMask,
} from '../../extraction/binary-mask.ts';

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
