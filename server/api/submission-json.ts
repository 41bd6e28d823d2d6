import { findingJson } from '../i18n/finding-text.ts';
import type { Translator } from '../i18n/i18n.ts';
import { verdictSentenceIn } from '../i18n/verdict-text.ts';
import type { Photo, Submission } from '../repositories/submission-repository.ts';
import { extractionJson } from './extraction-json.ts';

/**
 * A submission as the API shows it: the same verdict, findings and extraction as the verdict page
 * (the one-sentence summary is the page's), shaped by `submissionSchema`. Words (summary, each finding's
 * message, fix and threshold) are in `tr`'s language; ids, rules and statuses are not words.
 */
export function submissionSummaryJson(tr: Translator, s: Submission, photos: Photo[] = []) {
  return {
    id: s.id,
    status: s.status,
    verdict: s.verdict,
    summary: verdictSentenceIn(tr, s, photos),
    productLine: s.productLine,
    shadeCode: s.shadeCode,
    shadeName: s.shadeName,
    category: s.category,
    declaredFinish: s.declaredFinish,
    swatchHex: s.swatchHex,
    replacesId: s.replacesId,
    extraction: s.extraction ? extractionJson(s.extraction) : null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    links: { self: `/api/v1/submissions/${s.id}`, page: `/submissions/${s.id}` },
  };
}

export function submissionJson(tr: Translator, s: Submission, photos: Photo[], duplicate: boolean) {
  return {
    ...submissionSummaryJson(tr, s, photos),
    photos: photos.map((p) => ({
      id: p.id,
      view: p.view,
      fileName: p.displayName,
      sha256: p.sha256,
      width: p.width,
      height: p.height,
      verdict: p.verdict,
      findings: p.findings.map((f) => findingJson(tr, f)),
    })),
    duplicate,
  };
}
