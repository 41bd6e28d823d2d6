import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toLabelCsv, toLabelRecords } from '../../../server/review/label-export.ts';
import type { PhotoLabel } from '../../../server/review/review-repository.ts';

const label = (overrides: Partial<PhotoLabel> = {}): PhotoLabel => ({
  id: 'l1',
  photoId: 'p1',
  submissionId: 's1',
  labelledBy: 'u1',
  region: { x: 10, y: 20, width: 30, height: 40 },
  pickedHex: null,
  extraction: {
    extractor: { name: 'robust', version: '1.0.0' },
    region: { x: 10, y: 20, width: 30, height: 40, convention: 'pixels of the upright image (EXIF orientation applied), origin top-left, x right, y down' },
    color: { hex: '#b22146', lab: { L: 39.7, a: 57.6, b: 16.4 }, confidence: 0.9 },
    review: false,
    finish: { value: 'satin', confidence: 0.6 },
    particles: { present: false, coverage: 0, sizeRel: 0, count: 0, color: null },
    reflectance: { specularIntensity: 0.1, glossiness: 0.3, roughness: 0.6 },
    material: { baseColorLinear: [0.4, 0.01, 0.06], metallic: 0, roughness: 0.6, clearcoat: 0, clearcoatRoughness: 0 },
  },
  createdAt: '2026-11-25T10:00:00.000Z',
  ...overrides,
});

describe('the labelled data set', () => {
  it('uses the picked colour when a reviewer picked one, else the colour measured in the drawn region', () => {
    const [measured, picked] = toLabelRecords([label(), label({ photoId: 'p2', pickedHex: '#aa0000' })]);
    assert.equal(measured.color, '#b22146');
    assert.equal(measured.colorSource, 'extracted');
    assert.equal(picked.color, '#aa0000');
    assert.equal(picked.colorSource, 'picked');
    assert.deepEqual({ ...measured.region, convention: undefined }, { x: 10, y: 20, width: 30, height: 40, convention: undefined });
  });

  it('writes one CSV row per label with a header', () => {
    const csv = toLabelCsv(toLabelRecords([label()]));
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'image_id,submission_id,region_x,region_y,region_width,region_height,color,color_source,finish,extractor,labelled_at');
    assert.equal(lines[1], '"p1","s1",10,20,30,40,"#b22146","extracted","satin","robust@1.0.0","2026-11-25T10:00:00.000Z"');
  });
});
