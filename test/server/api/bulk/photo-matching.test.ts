import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredReason } from '../../../../server/api/bulk/bulk-reasons.ts';
import { matchPhotos } from '../../../../server/api/bulk/photo-matching.ts';
import type { ShadeRow } from '../../../../server/api/bulk/shade-csv.ts';
import { sayBulkReason } from '../../../../server/i18n/bulk-reason-text.ts';
import { englishTranslator } from '../../../../server/views/english.ts';

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
    const say = (reason: StoredReason) => sayBulkReason(englishTranslator(), reason);
    assert.equal(say(matched[2].problem!), 'Shade code nu-12 is also on line 2.');
    assert.deepEqual(
      unmatched.map((u) => [u.photo.originalName, u.reason.code, say(u.reason)]),
      [
        ['lumiere_silk-matte_nu-12_front.jpeg', 'view_already_taken', 'Shade nu-12 already has a front photo in this upload.'],
        ['lumiere_silk-matte_zz-1_front.jpg', 'no_row_for_shade', 'No CSV row has the shade code zz-1.'],
        ['IMG_0042.JPG', 'bad_file_name', 'The file name does not follow brand_line_shade_view.ext: The extension ".JPG" is not one of jpg, jpeg, png, webp, tif, tiff (lowercase).'],
      ],
    );
  });
});
