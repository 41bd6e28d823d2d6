import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPhotos } from '../../../../server/api/bulk/photo-matching.ts';
import type { ShadeRow } from '../../../../server/api/bulk/shade-csv.ts';

const row = (csvLine: number, shadeCode: string): ShadeRow => ({
  csvLine,
  fields: { productLine: 'Silk Matte', shadeCode, shadeName: 'Nude Kiss', category: 'lipstick', declaredFinish: 'matte', swatchHex: '#b22146' },
});
const photo = (originalName: string) => ({ originalName, path: `/spool/${originalName}` });

describe('matching bulk photos to CSV rows', () => {
  it('places photos by shade code (any case) and view, and reports what it cannot place', () => {
    const { matched, unmatched } = matchPhotos(
      [row(2, 'NU-12'), row(3, 'rb-7'), row(4, 'nu-12')],
      [
        photo('lumiere_silk-matte_nu-12_front.jpg'),
        photo('lumiere_silk-matte_NU-12_swatch.png'),
        photo('lumiere_silk-matte_nu-12_front.jpeg'),
        photo('lumiere_silk-matte_zz-1_front.jpg'),
        photo('IMG_0042.JPG'),
      ],
    );
    assert.deepEqual(matched[0].photos.map((p) => p.view), ['front', 'swatch']);
    assert.deepEqual(matched[1].photos, []);
    assert.equal(matched[2].problem, 'shade code nu-12 is also on line 2');
    assert.deepEqual(
      unmatched.map((u) => [u.photo.originalName, u.reason.split(':')[0]]),
      [
        ['lumiere_silk-matte_nu-12_front.jpeg', 'shade nu-12 already has a front photo in this upload'],
        ['lumiere_silk-matte_zz-1_front.jpg', 'no CSV row has the shade code zz-1'],
        ['IMG_0042.JPG', 'the file name does not follow brand_line_shade_view.ext'],
      ],
    );
  });
});
