import express, { type RequestHandler } from 'express';
import { AppError } from './errors.ts';

/**
 * The only body parsers the portal mounts (per route, never globally), with their limits checked
 * when the routes are built. body-parser has read a limit it could not parse as "no limit" before
 * (CVE-2026-12590); here a limit is a byte count we computed ourselves, and anything else stops the
 * portal from starting rather than serving without a bound.
 */

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** '16kb' → 16384. Throws on anything that is not a positive whole number of b, kb or mb. */
export function byteLimit(limit: string): number {
  const match = /^([1-9][0-9]{0,6})(b|kb|mb)$/.exec(limit);
  if (!match) throw new Error(`Invalid body size limit ${JSON.stringify(limit)}: expected a whole number of b, kb or mb`);
  return Number(match[1]) * UNITS[match[2]];
}

function fieldLimit(parameterLimit: number): number {
  if (!Number.isInteger(parameterLimit) || parameterLimit < 1 || parameterLimit > 1000) {
    throw new Error(`Invalid parameter limit ${parameterLimit}: expected a whole number from 1 to 1000`);
  }
  return parameterLimit;
}

/** A urlencoded form parser: flat fields only, bounded in bytes and in field count. */
export function formBody(limit: string, parameterLimit: number): RequestHandler {
  return withCodedErrors(express.urlencoded({ extended: false, limit: byteLimit(limit), parameterLimit: fieldLimit(parameterLimit) }));
}

/** A JSON body parser bounded in bytes. */
export function jsonBody(limit: string): RequestHandler {
  return withCodedErrors(express.json({ limit: byteLimit(limit) }));
}

/**
 * body-parser's errors carry the parser's own message, which for bad JSON quotes the input back
 * ("Unexpected token … in JSON"), and no `code`. Each is replaced by a fixed, coded error: the
 * response never echoes the body, and the status comes from the one table in errors.ts.
 */
const PARSER_ERRORS: Record<string, () => AppError> = {
  'entity.parse.failed': () => new AppError('BAD_JSON', 'The request body is not valid JSON.'),
  'entity.too.large': () => new AppError('BODY_TOO_LARGE', 'The request body is too large.'),
  'parameters.too.many': () => new AppError('TOO_MANY_FIELDS', 'The form has too many fields.'),
};

export function parserError(err: unknown): AppError {
  const type = (err as { type?: unknown })?.type;
  const make = typeof type === 'string' ? PARSER_ERRORS[type] : undefined;
  return make ? make() : new AppError('BAD_REQUEST', 'The request body could not be read.');
}

function withCodedErrors(parser: RequestHandler): RequestHandler {
  return (req, res, next) => parser(req, res, (err?: unknown) => next(err === undefined || err === null || err === 'route' || err === 'router' ? err : parserError(err)));
}
