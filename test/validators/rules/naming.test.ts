import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNaming, fileNamePart, parsePhotoFileName, shadeNameProblems, suggestedFileName } from '../../../validators/rules/naming.ts';
import { standardsFor } from '../../../validators/standards.ts';

const limits = standardsFor('lipstick').naming;

test('the convention example parses into its parts', () => {
  const parsed = parsePhotoFileName('lumiere_silk-matte_nu-12_front.jpg');
  assert.deepEqual(parsed, { ok: true, name: { brand: 'lumiere', line: 'silk-matte', shade: 'nu-12', view: 'front', ext: 'jpg' } });
});

const refusedFileNames: Array<[string, RegExp]> = [
  ['IMG_0042.jpg', /2 parts/],
  ['Lumiere_silk-matte_nu-12_front.jpg', /brand "Lumiere" must be lowercase/],
  ['lumiere_Silk-Matte_nu-12_front.jpg', /product line/],
  ['lumiere_silk-matte_nu-12_back.jpg', /view "back"/],
  ['lumiere_silk-matte_nu-12_front.gif', /extension/],
  ['lumiere_silk-matte_nu-12_front.JPG', /extension/],
  ['lumiere_silk--matte_nu-12_front.jpg', /single hyphens/],
  ['lumiere_silk-matte_nu 12_front.jpg', /shade code/],
  ['lumiere_silk-matte_nu-12_front', /no extension/],
];

for (const [name, reason] of refusedFileNames) {
  test(`the file name "${name}" is refused with its reason`, () => {
    const parsed = parsePhotoFileName(name);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.reason, reason);
    const f = checkNaming({ fileName: name, limits });
    assert.equal(f.status, 'fail');
    assert.equal(f.measured, name);
    assert.match(f.fix, /Rename the file/);
  });
}

test('every view and extension of the convention is accepted, and a capitalised shade code is allowed', () => {
  for (const view of ['front', 'swatch', 'open', 'side']) {
    for (const ext of ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff']) {
      assert.equal(parsePhotoFileName(`lumiere_silk-matte_NU-12_${view}.${ext}`).ok, true);
    }
  }
});

test('the shade code in the file must match the form, without regard to case', () => {
  assert.equal(checkNaming({ fileName: 'lumiere_silk-matte_nu-12_front.jpg', shadeCode: 'NU-12', limits }).status, 'pass');
  const f = checkNaming({ fileName: 'lumiere_silk-matte_nu-13_front.jpg', shadeCode: 'NU-12', limits });
  assert.equal(f.status, 'fail');
  assert.match(f.message, /\("nu-13"\) does not match the form.s \("NU-12"\)/);
  assert.match(f.fix, /lumiere_silk-matte_nu-12_front\.jpg/);
});

test('the view in the file must match the declared view', () => {
  const f = checkNaming({ fileName: 'lumiere_silk-matte_nu-12_front.jpg', view: 'swatch', limits });
  assert.equal(f.status, 'fail');
  assert.match(f.message, /declared as "swatch"/);
  assert.equal(checkNaming({ fileName: 'lumiere_silk-matte_nu-12_swatch.jpg', view: 'swatch', limits }).status, 'pass');
});

const acceptedShadeNames = ['Something New', 'Nude Kiss', 'Ruby', 'Rose-Gold Glow', 'Rouge de Paris', "L'Or Rouge", 'No. 5', 'Red 212', 'Pink & Proud', 'Été Nu'];
for (const name of acceptedShadeNames) {
  test(`the shade name "${name}" is accepted`, () => {
    assert.deepEqual(shadeNameProblems(name, limits), []);
  });
}

const refusedShadeNames: Array<[string, RegExp]> = [
  ['NUDE KISS', /capitals/],
  ['nude kiss final', /ends in "final"/],
  ['Ruby (1)', /ends in "\(1\)"/],
  ['Red 💋', /emoji/],
  ['Nude Kiss v2', /ends in "v2"/],
  ['Nude Kiss Copy', /ends in "Copy"/],
  ['Nude Kiss.jpg', /ends in "\.jpg"/],
  ['nude kiss', /not in Title Case/],
  ['Nude kiss', /not in Title Case \("kiss"\)/],
  ['R', /1 characters; it needs 2–40/],
  ['A Very Long Shade Name That Goes On And On Forever', /characters; it needs 2–40/],
  ['Nude_Kiss', /may only contain/],
  ['Nude  Kiss', /extra spaces/],
];
for (const [name, reason] of refusedShadeNames) {
  test(`the shade name "${name}" is refused with its reason`, () => {
    const problems = shadeNameProblems(name, limits);
    assert.equal(problems.length, 1);
    assert.match(problems[0], reason);
    const f = checkNaming({ fileName: 'lumiere_silk-matte_nu-12_front.jpg', shadeName: name, limits });
    assert.equal(f.status, 'fail');
    assert.equal(f.measured, name);
    assert.match(f.fix, /Title Case/);
  });
}

test('a good file name and shade name pass with no fix', () => {
  const f = checkNaming({ fileName: 'lumiere_silk-matte_nu-12_front.jpg', shadeCode: 'nu-12', shadeName: 'Nude Kiss', view: 'front', limits });
  assert.equal(f.status, 'pass');
  assert.equal(f.fix, '');
});

test('the shade name length limits are the ones the standards state: 40 characters pass, 41 fail', () => {
  const forty = 'Abcdefghi '.repeat(4).trimEnd() + 'x';
  assert.equal([...forty].length, 40);
  assert.deepEqual(shadeNameProblems(forty, limits), []);
  assert.match(shadeNameProblems(`${forty}y`, limits)[0], /41 characters; it needs 2–40/);
  assert.equal(limits.shadeNameMaxLength, 40);
});

test("the suggested file name is built from the brand's and the line's own names, not the example's", () => {
  const f = checkNaming({ fileName: 'IMG_0042.jpg', brandName: 'Maison Rosé', productLine: 'Pop Lip', shadeCode: 'CO-06', view: 'front', limits });
  assert.equal(f.status, 'fail');
  assert.match(f.fix, /maison-rose_pop-lip_co-06_front\.jpg/);
  assert.doesNotMatch(f.fix, /lumiere|silk-matte/);
  assert.equal(suggestedFileName({ fileName: 'shot.PNG', productLine: 'Pop Lip', shadeCode: 'CO-06', view: 'side', limits }), 'brand_pop-lip_co-06_side.png');
  assert.equal(suggestedFileName({ fileName: 'IMG_0042.heic', limits }), 'brand_line_shade_front.jpg');
  assert.equal(fileNamePart('  Pop  Lip! '), 'pop-lip');
});
