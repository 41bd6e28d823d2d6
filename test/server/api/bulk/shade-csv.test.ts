import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv, readShadeRows } from '../../../../server/api/bulk/shade-csv.ts';

describe('reading the bulk CSV', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n';
    assert.deepEqual(parseCsv(text), [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
    ]);
  });

  it('skips blank lines but keeps line numbers true to the file', () => {
    const rows = readShadeRows('shade_code,line,shade_name,category,finish,swatch_hex\n\nnu-12,Silk Matte,Nude Kiss,lipstick,matte,#b22146\n', 10);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].csvLine, 3);
    assert.deepEqual(rows[0].fields, {
      productLine: 'Silk Matte',
      shadeCode: 'nu-12',
      shadeName: 'Nude Kiss',
      category: 'lipstick',
      declaredFinish: 'matte',
      swatchHex: '#b22146',
    });
  });

  it('reads an optional marketplaces column, leaving it out of rows where it is empty', () => {
    const rows = readShadeRows('line,shade_code,shade_name,category,finish,swatch_hex,marketplaces\nSilk Matte,nu-12,Nude Kiss,lipstick,matte,#b22146,JP;US\nSilk Matte,nu-13,Nude Rose,lipstick,matte,#b22146,\n', 10);
    assert.equal(rows[0].fields.marketplaces, 'JP;US');
    assert.equal('marketplaces' in rows[1].fields, false);
  });

  it('names the missing columns, an empty file, a never-closed quote and too many rows', () => {
    assert.throws(() => readShadeRows('shade_code,shade_name\nnu-12,Nude Kiss\n', 10), /lacks line, category, finish, swatch_hex/);
    assert.throws(() => readShadeRows('', 10), /empty/);
    assert.throws(() => readShadeRows('line,shade_code,shade_name,category,finish,swatch_hex\n', 10), /no shade rows/);
    assert.throws(() => parseCsv('a,"b\n'), /never closed/);
    const many = ['line,shade_code,shade_name,category,finish,swatch_hex', ...Array.from({ length: 4 }, (_, i) => `L,c-${i},N,lipstick,matte,#000000`)];
    assert.throws(() => readShadeRows(many.join('\n'), 3), /4 rows; at most 3/);
  });
});
