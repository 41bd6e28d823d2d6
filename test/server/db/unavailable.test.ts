import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable } from '../../../server/db/unavailable.ts';

describe('isDatabaseUnavailable', () => {
  const coded = (code: string) => Object.assign(new Error('x'), { code });

  for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '08006', '53300', 'SQLITE_BUSY']) {
    it(`counts ${code} as the database being unreachable`, () => assert.equal(isDatabaseUnavailable(coded(code)), true));
  }

  it('counts a dropped connection and a pool timeout', () => {
    assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isDatabaseUnavailable(new Error('ROLLBACK - Client has encountered a connection error and is not queryable')), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' })), true);
  });

  for (const [what, err] of [
    ['a unique violation', coded('23505')],
    ['a constraint failure on SQLite', coded('SQLITE_CONSTRAINT_UNIQUE')],
    ['a plain error', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ] as const) {
    it(`does not count ${what}`, () => assert.equal(isDatabaseUnavailable(err), false));
  }
});
