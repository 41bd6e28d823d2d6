import express, { type RequestHandler } from 'express';

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
  return express.urlencoded({ extended: false, limit: byteLimit(limit), parameterLimit: fieldLimit(parameterLimit) });
}

/** A JSON body parser bounded in bytes. */
export function jsonBody(limit: string): RequestHandler {
  return express.json({ limit: byteLimit(limit) });
}
