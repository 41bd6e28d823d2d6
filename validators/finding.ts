/** Builds findings the same way for every rule: a pass carries no fix. */
import type { Finding, FindingStatus, FindingText, RuleId, TextRef, TextValue } from './types.ts';

export interface FindingParts {
  measured: number | string | null;
  unit: string | null;
  threshold: string;
  message: string;
  fix: string;
  /** The same words as message keys, for the server to say in the reader's language. */
  text: FindingText;
}

export function makeFinding(rule: RuleId, status: FindingStatus, parts: FindingParts): Finding {
  const text = status === 'pass' ? { ...parts.text, fix: [] } : parts.text;
  return { rule, status, ...parts, fix: status === 'pass' ? '' : parts.fix, text };
}

/** A message of the `rules` catalog by key, with its values. */
export function ref(key: string, values?: Record<string, TextValue>): TextRef {
  return values ? { key: `rules:${key}`, values } : { key: `rules:${key}` };
}

/** A share 0–1 as the percentage number the words show ('95 %' → 95, '12.5 %' → 12.5). */
export function percentNumber(share: number): number {
  return Number((share * 100).toFixed(1));
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
