import { AppError } from '../http/errors.ts';

/** Opaque cursors: base64url of a JSON array of the keyset values. Clients store them, never parse them. */
export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (!Array.isArray(values) || values.length !== length || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new AppError('BAD_REQUEST', 'That cursor is not one this API issued.', { context: { field: 'cursor' }, text: { message: 'errors:api.badCursor' } });
  }
  return values.map(String);
}

/** The change sequence number inside an export cursor. */
export function sequenceFromCursor(cursor: string): number {
  const seq = Number(decodeCursor(cursor, 1)[0]);
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new AppError('BAD_REQUEST', 'That cursor is not one this API issued.', { context: { field: 'cursor' }, text: { message: 'errors:api.badCursor' } });
  }
  return seq;
}
