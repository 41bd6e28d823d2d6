/**
 * Findings in the reader's language. Validators give every finding its English words plus the same
 * words as message keys (`finding.text`); here those keys are said in a language. A finding stored before
 * it carried keys keeps its English words.
 */
import { RULE_IDS, type Finding, type RuleId, type TextRef, type TextValue } from '../../validators/types.ts';
import type { Translator } from './i18n.ts';

/** Languages that write sentences one after another without a space. */
const NO_SPACE_BETWEEN_SENTENCES = new Set(['ja', 'zh-CN']);

const isRef = (value: TextValue): value is TextRef => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One keyed message in `tr`'s language; keyed values (a direction, a list of edges) are said first. */
export function sayText(tr: Translator, text: TextRef): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.values ?? {})) {
    if (Array.isArray(value)) values[name] = listOf(tr, value.map((v) => sayText(tr, v)));
    else values[name] = isRef(value) ? sayText(tr, value) : value;
  }
  return tr.t(text.key, values);
}

/** Sentences said one after another, as the language writes them. */
export function saySentences(tr: Translator, texts: readonly TextRef[]): string {
  return texts.map((t) => sayText(tr, t)).join(NO_SPACE_BETWEEN_SENTENCES.has(tr.language) ? '' : ' ');
}

/**
 * A short list of words, as the language joins them ('oben und links', '上、左'). English keeps the
 * validators' own 'top, left'.
 */
function listOf(tr: Translator, words: string[]): string {
  const format: Intl.ListFormatOptions = tr.language === 'en' ? { type: 'unit', style: 'short' } : { type: 'conjunction' };
  return new Intl.ListFormat(tr.language, format).format(words);
}

/** Units findings carry (`rules:unit.*`). */
const UNITS = new Set(['px', '%', 'L*', 'deg', 'chroma', 'score', 'ΔE00', 'MB', 'MP']);

const isRule = (rule: string): rule is RuleId => (RULE_IDS as readonly string[]).includes(rule);

/** A rule's name ('White background'), or its id when the catalog does not know it. */
export function ruleTitle(tr: Translator, rule: string): string {
  return isRule(rule) ? tr.t(`rules:${rule}.title`) : rule;
}

/** The measured value with its unit, numbers in the language's own digits and separators. */
export function sayMeasured(tr: Translator, f: Pick<Finding, 'measured' | 'unit' | 'text'>): string {
  if (f.measured === null || f.measured === undefined) return '—';
  const value = f.text?.measured
    ? sayText(tr, f.text.measured)
    : typeof f.measured === 'number'
      ? tr.number(f.measured, { useGrouping: false, maximumFractionDigits: 3 })
      : f.measured;
  if (!f.unit) return value;
  return `${value} ${UNITS.has(f.unit) ? tr.t(`rules:unit.${f.unit}`) : f.unit}`;
}

/**
 * Whether the measured value is a code rather than words: a string the finding gives without a message
 * key and without a unit (the file type a photo was read as, `jpeg`), shown as written in every language.
 */
export const measuredIsCode = (f: Pick<Finding, 'measured' | 'unit' | 'text'>): boolean => typeof f.measured === 'string' && !f.text?.measured && !f.unit;

export interface LocalisedFinding {
  rule: RuleId;
  title: string;
  status: Finding['status'];
  statusLabel: string;
  measured: string;
  threshold: string;
  message: string;
  fix: string;
}

/** A finding's words in `tr`'s language: the title, status, measured value, limit, message and fix. */
export function localiseFinding(tr: Translator, f: Finding): LocalisedFinding {
  const text = f.text;
  return {
    rule: f.rule,
    title: ruleTitle(tr, f.rule),
    status: f.status,
    statusLabel: tr.t(`rules:status.${f.status}`),
    measured: sayMeasured(tr, f),
    threshold: text ? sayText(tr, text.threshold) : f.threshold,
    message: text ? saySentences(tr, text.message) : f.message,
    fix: f.status === 'pass' ? '' : text ? saySentences(tr, text.fix) : f.fix,
  };
}

/** A finding as the API answers it: the public fields only, the words in `tr`'s language. */
export function findingJson(tr: Translator, f: Finding) {
  const said = localiseFinding(tr, f);
  return { rule: f.rule, status: f.status, measured: f.measured, unit: f.unit, threshold: said.threshold, message: said.message, fix: said.fix };
}
