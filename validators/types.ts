/** The contract of `validators/`: findings against the photo standards. Rule ids are public. */

export const RULE_IDS = [
  'format',
  'resolution',
  'background',
  'exposure',
  'color_cast',
  'angle',
  'sharpness',
  'framing',
  'swatch',
  'naming',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type FindingStatus = 'pass' | 'warn' | 'fail';

export interface Finding {
  rule: RuleId;
  status: FindingStatus;
  /** The measured value (number in `unit`, or a short string such as 'text/html' or a file name). */
  measured: number | string | null;
  unit: string | null;
  /** The limit in words, rendered from the standards module, e.g. 'fail below 1000 px, warn below 1600 px'. */
  threshold: string;
  /** What was found, in a plain sentence a photographer understands. */
  message: string;
  /** How to fix it, in a plain sentence; empty when status is 'pass'. */
  fix: string;
}

export type Verdict = 'accepted' | 'rejected';

/** One photo's judgement: a fail on any rule rejects. */
export interface PhotoVerdict {
  verdict: Verdict;
  findings: Finding[];
}
