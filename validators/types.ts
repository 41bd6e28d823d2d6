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

/**
 * A sentence or word by its message key in the `rules` catalog and its values, so the server can say
 * the finding in the reader's language. A value may itself be a keyed word (a direction, an edge) or a
 * list of them; numbers stay numbers, so each language formats them its own way.
 */
export interface TextRef {
  key: string;
  values?: Record<string, TextValue>;
}
export type TextValue = string | number | TextRef | TextRef[];

/** The finding's words as message keys: the English `message`, `fix` and `threshold` say the same. */
export interface FindingText {
  /** Sentences, in order (the English `message` joins them with a space). */
  message: TextRef[];
  fix: TextRef[];
  threshold: TextRef;
  /** When `measured` is a word rather than a number or a file's own name or type. */
  measured?: TextRef;
}

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
  /** The same words as message keys and values; absent on findings stored before it existed. */
  text?: FindingText;
}

export type Verdict = 'accepted' | 'rejected';

/** One photo's judgement: a fail on any rule rejects. */
export interface PhotoVerdict {
  verdict: Verdict;
  findings: Finding[];
}
