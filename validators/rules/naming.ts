/**
 * The naming convention: file `{brand}_{line}_{shade}_{view}.{ext}` and a Title Case shade name.
 *
 * Decisions the brief leaves open:
 * - The whole file name is case-sensitive as written in the convention (lowercase brand, line, view
 *   and extension), except the shade code, which may carry capitals ('NU-12') and is compared with the
 *   form's code without regard to case — brands write 'NU-12' in forms and 'nu-12' in files.
 * - Parts are words joined by single hyphens: no leading, trailing or doubled hyphens.
 * - Title Case: every word starts with a capital letter or a digit and continues in lowercase; a few
 *   linking words ('and', 'of', 'de', 'la', …) may stay lowercase after the first word. Words may be
 *   joined by hyphens or apostrophes ('Rose-Gold', "L'Été"), each part following the same rule.
 */
import { makeFinding, ref } from '../finding.ts';
import { FILE_EXTENSIONS, namingInWords, VIEWS, type NamingLimits, type View } from '../standards.ts';
import { namingThresholdText, viewRef } from '../threshold-text.ts';
import type { Finding, TextRef } from '../types.ts';

export interface ParsedPhotoFileName {
  brand: string;
  line: string;
  shade: string;
  view: View;
  ext: string;
}

export type PhotoFileNameParse =
  | { ok: true; name: ParsedPhotoFileName }
  | { ok: false; reason: string; reasonText: TextRef };

/** A problem in English words (as a clause) and as a message key (as a whole sentence). */
interface Problem {
  reason: string;
  reasonText: TextRef;
}
const problem = (reason: string, key: string, values?: Record<string, string | number | TextRef>): Problem => ({ reason, reasonText: ref(key, values) });

const LOWER_PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SHADE_PART = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
export type FileNameConvention = Pick<NamingLimits, 'views' | 'extensions'>;

/** Parses a photo's file name against the convention; bulk upload matches photos to rows with it. */
export function parsePhotoFileName(
  fileName: string,
  convention: FileNameConvention = { views: VIEWS, extensions: FILE_EXTENSIONS },
): PhotoFileNameParse {
  const { views, extensions } = convention;
  const fail = (p: Problem): PhotoFileNameParse => ({ ok: false, ...p });
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return fail(problem(`"${fileName}" has no extension`, 'naming.noExtension', { file: fileName }));
  const ext = fileName.slice(dot + 1);
  if (!extensions.includes(ext)) {
    return fail(problem(`the extension ".${ext}" is not one of ${extensions.join(', ')} (lowercase)`, 'naming.badExtension', { extension: ext, allowed: extensions.join(', ') }));
  }
  const parts = fileName.slice(0, dot).split('_');
  if (parts.length !== 4) {
    return fail(
      problem(`"${fileName}" has ${parts.length} part${parts.length === 1 ? '' : 's'} separated by "_"; it needs 4: brand_line_shade_view`, 'naming.partCount', { file: fileName, count: parts.length }),
    );
  }
  const [brand, line, shade, view] = parts;
  if (!LOWER_PART.test(brand)) return fail(problem(`the brand "${brand}" must be lowercase letters, digits and single hyphens`, 'naming.badBrand', { brand }));
  if (!LOWER_PART.test(line)) return fail(problem(`the product line "${line}" must be lowercase letters, digits and single hyphens`, 'naming.badLine', { line }));
  if (!SHADE_PART.test(shade)) return fail(problem(`the shade code "${shade}" must be letters, digits and single hyphens`, 'naming.badShade', { shade }));
  if (!(views as readonly string[]).includes(view)) {
    return fail(problem(`the view "${view}" is not one of ${views.join(', ')}`, 'naming.badView', { view, views: views.join(', ') }));
  }
  return { ok: true, name: { brand, line, shade, view: view as View, ext } };
}

const LINKING_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'de', 'des', 'du', 'la', 'le', 'les', 'et', 'en', 'au', 'aux', 'à', 'di', 'del', 'y']);
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u{FE0F}/u;
const ALLOWED_CHARS = /^[\p{L}\p{N} '’&.-]+$/u;
const TITLE_PART = /^(?:[\p{Lu}\p{N}][\p{Ll}\p{N}]*\.?|&)$/u;
const FILE_SUFFIX = /^(?:v\d+|\(\d+\)|\d+\)|\(\d+|copy\d*|\.?(?:jpe?g|png|webp|tiff?))$/i;

function fileishWord(words: string[], fileish: readonly string[]): string | null {
  const last = words[words.length - 1] ?? '';
  if (fileish.includes(last.toLowerCase()) || FILE_SUFFIX.test(last)) return last;
  const fileExt = /\.(?:jpe?g|png|webp|tiff?)$/i.exec(last);
  return fileExt ? fileExt[0] : null;
}

function isTitleWord(word: string, index: number): boolean {
  if (index > 0 && LINKING_WORDS.has(word)) return true;
  // Apostrophes join a lowercase elision to a capital word: "d'Été", "L'Or".
  return word.split(/[-'’]/).every((part, i, all) => {
    if (part === '') return false;
    if (all.length > 1 && i < all.length - 1 && /^[dl]$/i.test(part)) return true;
    return TITLE_PART.test(part);
  });
}

/** Problems with a shade name, as plain sentences; empty when it follows the convention. */
export function shadeNameProblems(name: string, limits: NamingLimits): string[] {
  return shadeNameIssues(name, limits).map((p) => p.reason);
}

function shadeNameIssues(name: string, limits: NamingLimits): Problem[] {
  const length = [...name].length;
  const { shadeNameMinLength: min, shadeNameMaxLength: max } = limits;
  if (length < min || length > max) {
    return [problem(`the shade name "${name}" has ${length} characters; it needs ${min}–${max}`, 'naming.nameLength', { name, length, min, max })];
  }
  if (EMOJI.test(name)) return [problem(`the shade name "${name}" contains an emoji`, 'naming.nameEmoji', { name })];
  const words = name.trim().split(/\s+/);
  if (name !== name.trim() || /\s{2,}/.test(name)) return [problem(`the shade name "${name}" has extra spaces`, 'naming.nameSpaces', { name })];
  const fileish = fileishWord(words, limits.fileishWords);
  if (fileish !== null) {
    return [problem(`the shade name "${name}" ends in "${fileish}", which belongs to a file, not a shade`, 'naming.nameFileish', { name, word: fileish })];
  }
  const letters = name.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) {
    return [problem(`the shade name "${name}" is written in capitals`, 'naming.nameCapitals', { name })];
  }
  if (!ALLOWED_CHARS.test(name)) return [problem(`the shade name "${name}" may only contain letters, digits, spaces and - ' & .`, 'naming.nameCharacters', { name })];
  const wrong = words.filter((w, i) => !isTitleWord(w, i)).map((w) => `"${w}"`).join(', ');
  if (wrong) return [problem(`the shade name "${name}" is not in Title Case (${wrong})`, 'naming.nameTitleCase', { name, words: wrong })];
  return [];
}

export interface NamingInput {
  /** The file's own base name, e.g. 'lumiere_silk-matte_nu-12_front.jpg'. */
  fileName: string;
  /** The brand's and product line's names, when known: the suggested file name is built from them. */
  brandName?: string | null;
  productLine?: string | null;
  /** The shade code given in the form, when there is one. */
  shadeCode?: string | null;
  /** The shade name given in the form, when there is one. */
  shadeName?: string | null;
  /** The view declared for this photo, when there is one. */
  view?: View | null;
  limits: NamingLimits;
}

function fileNameProblems(input: NamingInput): Problem[] {
  const parsed = parsePhotoFileName(input.fileName, input.limits);
  if (!parsed.ok) return [{ reason: parsed.reason, reasonText: parsed.reasonText }];
  const problems: Problem[] = [];
  const { shade, view } = parsed.name;
  if (input.shadeCode && shade.toLowerCase() !== input.shadeCode.toLowerCase()) {
    problems.push(problem(`the shade code in the file name ("${shade}") does not match the form's ("${input.shadeCode}")`, 'naming.shadeMismatch', { shade, form: input.shadeCode }));
  }
  if (input.view && view !== input.view) {
    problems.push(
      problem(`the file name says the view is "${view}" but the photo was declared as "${input.view}"`, 'naming.viewMismatch', { view: viewRef(view), declared: viewRef(input.view) }),
    );
  }
  return problems;
}

/** A name as a file-name part: lowercase ASCII words joined by single hyphens ('Pop Lip' → 'pop-lip', 'Lumière' → 'lumiere'). */
export function fileNamePart(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The file name this photo should have: the brand's, line's and shade's own parts, the declared view and
 * the file's own extension when it is one of ours. A part the form does not give is taken from the file
 * name, else a placeholder.
 */
export function suggestedFileName(input: Pick<NamingInput, 'fileName' | 'brandName' | 'productLine' | 'shadeCode' | 'view' | 'limits'>): string {
  const part = (value: string | null | undefined, fallback: string) => (value && fileNamePart(value)) || fileNamePart(fallback) || fallback;
  const dot = input.fileName.lastIndexOf('.');
  // Without the form's names, the file's own brand and line parts (when it has the four parts) are kept.
  const own = (dot > 0 ? input.fileName.slice(0, dot) : input.fileName).split('_');
  const [ownBrand, ownLine] = own.length === 4 ? own : ['brand', 'line'];
  const ext = dot > 0 ? input.fileName.slice(dot + 1).toLowerCase() : '';
  const extension = input.limits.extensions.includes(ext) ? ext : 'jpg';
  return `${part(input.brandName, ownBrand)}_${part(input.productLine, ownLine)}_${part(input.shadeCode, 'shade')}_${input.view ?? 'front'}.${extension}`;
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export function checkNaming(input: NamingInput): Finding {
  const threshold = namingInWords(input.limits);
  const thresholdText = namingThresholdText(input.limits);
  const fileProblems = fileNameProblems(input);
  const nameProblems = input.shadeName ? shadeNameIssues(input.shadeName, input.limits) : [];
  const problems = [...fileProblems, ...nameProblems];
  if (problems.length === 0) {
    const named = input.shadeName ? ` and the shade name "${input.shadeName}"` : '';
    return makeFinding('naming', 'pass', {
      measured: input.fileName,
      unit: null,
      threshold,
      message: `The file name${named} follow the convention.`,
      fix: '',
      text: { message: [input.shadeName ? ref('naming.passWithName', { name: input.shadeName }) : ref('naming.pass')], fix: [], threshold: thresholdText },
    });
  }
  const fixes: string[] = [];
  const fixTexts: TextRef[] = [];
  if (fileProblems.length > 0) {
    const suggested = suggestedFileName(input);
    fixes.push(`Rename the file as brand_line_shade_view.ext in lowercase, e.g. ${suggested}.`);
    fixTexts.push(ref('naming.fixFile', { suggested }));
  }
  if (nameProblems.length > 0) {
    fixes.push('Write the shade name in Title Case words, like "Nude Kiss", without capitals-only words, emoji or file suffixes such as final, v2 or (1).');
    fixTexts.push(ref('naming.fixName'));
  }
  return makeFinding('naming', 'fail', {
    measured: fileProblems.length > 0 || !input.shadeName ? input.fileName : input.shadeName,
    unit: null,
    threshold,
    message: problems.map((p) => capitalise(p.reason)).join('. ') + '.',
    fix: fixes.join(' '),
    text: { message: problems.map((p) => p.reasonText), fix: fixTexts, threshold: thresholdText },
  });
}
