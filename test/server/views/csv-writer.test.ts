import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvDocument } from '../../../server/views/csv-writer.ts';

describe('the CSV writer', () => {
  it('defuses text a spreadsheet would run as a formula, whatever its first character', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil.example")'), `"'=HYPERLINK(""http://evil.example"")"`);
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) assert.equal(csvCell(`${lead}1`), `"'${lead}1"`, JSON.stringify(lead));
  });

  it('quotes every text cell, so a ; separator inside stays inside in any locale', () => {
    assert.equal(csvCell('Safe;=2+3;'), '"Safe;=2+3;"');
    assert.equal(csvCell('Nude Kiss'), '"Nude Kiss"');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  });

  it('leaves numbers bare and writes nothing for a missing value', () => {
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell(12), '12');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });

  it('writes a header and CRLF lines, and refuses a row of the wrong width', () => {
    assert.equal(csvDocument(['name', 'count'], [['=1', 2], [null, 3]]), `name,count\r\n"'=1",2\r\n,3\r\n`);
    assert.throws(() => csvDocument(['name', 'count'], [['x']]), /Expected 2 cells/);
    assert.throws(() => csvDocument(['bad name'], []), /snake_case identifier/);
  });
});
