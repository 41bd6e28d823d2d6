/** Builds findings the same way for every rule: a pass carries no fix. */
import type { Finding, FindingStatus, RuleId } from './types.ts';

export interface FindingParts {
  measured: number | string | null;
  unit: string | null;
  threshold: string;
  message: string;
  fix: string;
}

export function makeFinding(rule: RuleId, status: FindingStatus, parts: FindingParts): Finding {
  return { rule, status, ...parts, fix: status === 'pass' ? '' : parts.fix };
}

/** Status from two ordered limits, where larger values are worse. */
export function statusAbove(value: number, failAbove: number, warnAbove: number): FindingStatus {
  if (value > failAbove) return 'fail';
  if (value > warnAbove) return 'warn';
  return 'pass';
}

/** Status from two ordered limits, where smaller values are worse. */
export function statusBelow(value: number, failBelow: number, warnBelow: number): FindingStatus {
  if (value < failBelow) return 'fail';
  if (value < warnBelow) return 'warn';
  return 'pass';
}

/** Rounds a measured number for display; decisions are always taken on the unrounded value. */
export function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

/** Share 0–1 as a rounded percentage number (for `measured` with unit '%'). */
export function asPercent(share: number): number {
  return round(share * 100, 1);
}
